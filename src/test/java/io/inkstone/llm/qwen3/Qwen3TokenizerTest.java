package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.ModelLoadException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Qwen3TokenizerTest {

    private static Qwen3Tokenizer tokenizer;

    @BeforeAll
    static void load() throws URISyntaxException {
        tokenizer = Qwen3Tokenizer.load(bundledTokenizerDir());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** The tokenizer files shipped in src/main/resources/qwen3-tokenizer (a folder on the test classpath). */
    static Path bundledTokenizerDir() throws URISyntaxException {
        return Path.of(Qwen3TokenizerTest.class.getResource("/qwen3-tokenizer/tokenizer.json").toURI()).getParent();
    }

    @Test
    void should_encode_the_fixture_prompts_exactly() {
        for (JsonNode prompt : FixtureA.json().get("reference").get("prompts")) {
            int[] expected = new ObjectMapper().convertValue(prompt.get("promptTokenIds"), int[].class);
            assertThat(tokenizer.encode(prompt.get("text").asText())).as(prompt.get("name").asText()).containsExactly(expected);
        }
    }

    @Test
    void should_decode_the_fixture_generations_exactly_and_the_same_when_streamed() {
        for (JsonNode prompt : FixtureA.json().get("reference").get("prompts")) {
            int[] ids = new ObjectMapper().convertValue(prompt.get("generatedTokenIds"), int[].class);
            String whole = tokenizer.decode(ids, false);
            assertThat(whole).as(prompt.get("name").asText()).isEqualTo(prompt.get("generatedText").asText());
            assertThat(streamed(ids)).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "人工智能正在改变写作的方式。秋风起兮白云飞，草木黄落兮雁南归。",
        "罕见字：𠀀𠀁𪚥龘靐齉爩，还有〇和々。",
        "Emoji: 👩‍💻 writes code, 🇨🇳🇫🇷 flags, 👍🏽 skin tone, 🧑‍🤝‍🧑 together.",
        "Mixed 中英文 text with numbers 12345 and symbols ©®™ — «quotes» and\r\nnew lines\ttabs.",
        "<|im_start|>user\n写一首诗 🌕<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n月光 🌙"
    })
    void should_stream_token_by_token_without_replacement_characters(String text) {
        int[] ids = tokenizer.encode(text);
        assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            String delta = decoder.push(tokenizer.tokenBytes(id));
            assertThat(delta).doesNotContain("\uFFFD");
            out.append(delta);
        }
        out.append(decoder.flush());
        assertThat(out.toString()).isEqualTo(text);
    }

    @Test
    void should_show_that_per_token_decoding_would_break_characters() {
        // the reason for Utf8StreamDecoder: some single tokens of these texts are not whole characters
        int[] ids = tokenizer.encode("龘𠀀👩‍💻🇨🇳");
        boolean broken = false;
        for (int id : ids) broken |= tokenizer.decode(new int[] {id}, false).contains("\uFFFD");
        assertThat(broken).isTrue();
    }

    @Test
    void should_give_the_bytes_of_tokens_and_nothing_for_ids_past_the_vocabulary() {
        assertThat(tokenizer.size()).isEqualTo(151669);
        assertThat(new String(tokenizer.tokenBytes(151645), StandardCharsets.UTF_8)).isEqualTo("<|im_end|>");
        assertThat(tokenizer.tokenBytes(tokenizer.encode(" the")[0])).isEqualTo(" the".getBytes(StandardCharsets.UTF_8));
        assertThat(tokenizer.tokenBytes(198)).containsExactly('\n');
        assertThat(tokenizer.tokenBytes(151669)).isEmpty();
        assertThat(tokenizer.tokenBytes(151935)).isEmpty();
        assertThat(tokenizer.tokenBytes(-1)).isEmpty();
        assertThat(tokenizer.decode(new int[] {785, 151700, 3974}, false)).isEqualTo("The quick");
    }

    @Test
    void should_look_up_tokens_and_know_which_are_special() {
        assertThat(tokenizer.tokenId("<|im_start|>")).hasValue(151644);
        assertThat(tokenizer.tokenId("<|im_end|>")).hasValue(151645);
        assertThat(tokenizer.tokenId("<|endoftext|>")).hasValue(151643);
        assertThat(tokenizer.tokenId("<think>")).hasValue(151667);
        assertThat(tokenizer.tokenId("</think>")).hasValue(151668);
        assertThat(tokenizer.tokenId("Ġthe")).hasValue(279);
        assertThat(tokenizer.tokenId("<|no such token|>")).isEmpty();
        assertThat(tokenizer.isSpecial(151645)).isTrue();
        assertThat(tokenizer.isSpecial(151667)).isFalse();
        assertThat(tokenizer.isSpecial(279)).isFalse();
    }

    @Test
    void should_skip_special_tokens_only_when_asked() {
        int[] ids = tokenizer.encode("<|im_start|>assistant\n<think>x</think>hi<|im_end|>");
        assertThat(tokenizer.decode(ids, false)).isEqualTo("<|im_start|>assistant\n<think>x</think>hi<|im_end|>");
        assertThat(tokenizer.decode(ids, true)).isEqualTo("assistant\n<think>x</think>hi");
    }

    @Test
    void should_give_generation_config_fallbacks_from_the_tokenizer(@TempDir Path empty) {
        GenerationConfig c = GenerationConfig.read(empty, tokenizer);
        assertThat(c.eosTokenIds()).containsExactly(151645, 151643);
        assertThat(c.padTokenId()).isEqualTo(151643);
    }

    @Test
    void should_say_where_the_tokenizer_is_missing(@TempDir Path empty) {
        assertThatThrownBy(() -> Qwen3Tokenizer.load(empty)).isInstanceOf(ModelLoadException.class).hasMessageContaining("no tokenizer.json in");
    }

    private static String streamed(int[] ids) {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (int id : ids) out.append(decoder.push(tokenizer.tokenBytes(id)));
        return out.append(decoder.flush()).toString();
    }
}
