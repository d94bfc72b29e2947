package io.inkstone.llm.qwen3;

import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.qwen3.Qwen3ChatTemplate.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-exact checks against renderings by real Jinja implementations: {@code qwen3-cases.json} (the shared fixture:
 * Python jinja2 and Hugging Face's JavaScript Jinja agree) and {@code extra-cases.json} (made by
 * {@code make_extra_cases.py} with Python jinja2 configured like transformers).
 */
class Qwen3ChatTemplateTest {

    private static final String RESOURCES = "/prompt/chat-template/";

    static Stream<Arguments> fixtureCases() {
        return cases("qwen3-cases.json");
    }

    static Stream<Arguments> extraCases() {
        return cases("extra-cases.json");
    }

    private static Stream<Arguments> cases(String file) {
        JsonNode root = readJson(file);
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            Variant variant = "instruct-2507".equals(c.path("variant").asText()) ? Variant.INSTRUCT_2507 : Variant.HYBRID_THINKING;
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode m : c.get("messages")) {
                messages.add(new ChatMessage(Role.fromWireName(m.get("role").asText()), m.get("content").asText()));
            }
            Boolean enableThinking = c.has("enable_thinking") ? c.get("enable_thinking").asBoolean() : null;
            arguments.add(Arguments.of(c.get("name").asText(), variant, messages,
                    c.get("add_generation_prompt").asBoolean(), enableThinking, c.get("rendered").asText()));
        }
        assertThat(arguments).isNotEmpty();
        return arguments.stream();
    }

    private static JsonNode readJson(String file) {
        try (InputStream in = Qwen3ChatTemplateTest.class.getResourceAsStream(RESOURCES + file)) {
            assertThat(in).as(file).isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureCases")
    void should_render_every_shared_fixture_case_byte_for_byte(String name, Variant variant, List<ChatMessage> messages,
            boolean addGenerationPrompt, Boolean enableThinking, String expected) {
        String rendered = Qwen3ChatTemplate.of(variant).render(messages, addGenerationPrompt, enableThinking);
        assertThat(rendered.getBytes(StandardCharsets.UTF_8)).as(name).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraCases")
    void should_render_every_extra_jinja2_case_byte_for_byte(String name, Variant variant, List<ChatMessage> messages,
            boolean addGenerationPrompt, Boolean enableThinking, String expected) {
        String rendered = Qwen3ChatTemplate.of(variant).render(messages, addGenerationPrompt, enableThinking);
        assertThat(rendered).as(name).isEqualTo(expected);
    }

    @Test
    void should_detect_hybrid_thinking_from_the_real_qwen3_tokenizer_config(@TempDir Path dir) throws IOException {
        Path config = copyResource("qwen3-tokenizer_config.json", dir.resolve("tokenizer_config.json"));
        Qwen3ChatTemplate template = Qwen3ChatTemplate.fromTokenizerConfig(config);
        assertThat(template.variant()).isEqualTo(Variant.HYBRID_THINKING);
    }

    @Test
    void should_detect_instruct_2507_from_its_template(@TempDir Path dir) throws IOException {
        String jinja = resourceText("qwen3-instruct-2507-like.jinja");
        assertThat(Qwen3ChatTemplate.detectVariant(jinja, "test")).isEqualTo(Variant.INSTRUCT_2507);
        assertThat(Qwen3ChatTemplate.detectVariant("{# no <think> here #}" + jinja, "test")).isEqualTo(Variant.INSTRUCT_2507);

        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, new ObjectMapper().createObjectNode().put("chat_template", jinja).toString());
        assertThat(Qwen3ChatTemplate.fromTokenizerConfig(config).variant()).isEqualTo(Variant.INSTRUCT_2507);
    }

    @Test
    void should_read_chat_template_jinja_beside_a_config_without_one(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"eos_token\": \"<|im_end|>\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), resourceText("qwen3-instruct-2507-like.jinja"));
        assertThat(Qwen3ChatTemplate.fromTokenizerConfig(config).variant()).isEqualTo(Variant.INSTRUCT_2507);
    }

    @Test
    void should_refuse_unknown_templates_with_a_clear_message() {
        assertThatThrownBy(() -> Qwen3ChatTemplate.detectVariant("{{ bos_token }}[INST] {{ m }} [/INST]", "llama/tokenizer_config.json"))
                .isInstanceOf(ChatTemplateException.class)
                .hasMessageContaining("unsupported chat template in llama/tokenizer_config.json")
                .hasMessageContaining("expected a Qwen3 ChatML template");
        assertThatThrownBy(() -> Qwen3ChatTemplate.detectVariant(
                "{{ '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>' }}", "q25"))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("Qwen2.5");
        assertThatThrownBy(() -> Qwen3ChatTemplate.detectVariant(
                "{{- '<|im_start|>assistant\\n<think>\\n' }}{{ '<|im_end|>' }}", "thinking"))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("thinking-only");
    }

    @Test
    void should_say_what_is_missing_when_a_config_has_no_template(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{}");
        assertThatThrownBy(() -> Qwen3ChatTemplate.fromTokenizerConfig(config))
                .isInstanceOf(ChatTemplateException.class).hasMessageContaining("has no chat_template");
    }

    @Test
    void should_refuse_an_empty_conversation() {
        assertThatThrownBy(() -> Qwen3ChatTemplate.of(Variant.HYBRID_THINKING).render(List.of(), true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no chat messages");
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = Qwen3ChatTemplateTest.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = Qwen3ChatTemplateTest.class.getResourceAsStream(RESOURCES + name)) {
            assertThat(in).as(name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
