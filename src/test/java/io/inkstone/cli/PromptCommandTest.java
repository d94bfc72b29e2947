package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inkstone prompt}: the rendered prompt, the JSON messages, model variants and located errors. */
class PromptCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path zhBrief() throws IOException {
        Path file = dir.resolve("autumn.yaml");
        Files.writeString(file, """
                title: 秋天的告别
                type: story
                language: zh-CN
                role: 一位擅长细腻描写的短篇小说作家
                task: 写一个关于老人和他养了十年的猫在秋天告别的故事。
                requirements:
                  - 以第三人称叙述
                length: 3000字
                """);
        return file;
    }

    @Test
    void should_print_the_chatml_prompt_with_thinking_off_by_default() throws IOException {
        CliRun run = run("prompt", zhBrief().toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("<|im_start|>system\n你是一位擅长细腻描写的短篇小说作家。")
                .contains("<|im_end|>\n<|im_start|>user\n请按以下要求创作故事《秋天的告别》。")
                .contains("1. 任务：写一个关于老人和他养了十年的猫在秋天告别的故事。")
                .contains("   - 以第三人称叙述\n")
                .contains("约 3000 字（按汉字计算")
                .endsWith("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n");
    }

    @Test
    void should_leave_thinking_on_when_asked() throws IOException {
        CliRun run = run("prompt", "--thinking", zhBrief().toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).endsWith("<|im_end|>\n<|im_start|>assistant\n").doesNotContain("<think>");
    }

    @Test
    void should_print_the_messages_as_json() throws IOException {
        Path file = dir.resolve("letter.yaml");
        Files.writeString(file, """
                title: A Letter Before the Train
                type: letter
                language: en
                task: Write a hopeful departure letter.
                length: 350 words
                examples:
                  - input: Write a farewell letter from a bookseller.
                    output: To whoever still walks down Alder Street, ...
                  - input: Write a thank-you note to a neighbour.
                    output: Dear Ana, the tomatoes were perfect.
                """);
        CliRun run = run("prompt", "--messages-json", file.toString());

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode messages = new ObjectMapper().readTree(run.out());
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asText()));
        assertThat(roles).containsExactly("system", "user", "assistant", "user", "assistant", "user");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Write a farewell letter from a bookseller.");
        assertThat(messages.get(4).get("content").asText()).isEqualTo("Dear Ana, the tomatoes were perfect.");
        assertThat(messages.get(5).get("content").asText()).contains("Task: Write a hopeful departure letter.")
                .contains("about 350 words");
    }

    @Test
    void should_use_the_chat_template_of_the_model_folder() throws IOException {
        Path model = Files.createDirectories(dir.resolve("qwen3-instruct-2507"));
        String jinja;
        try (InputStream in = getClass().getResourceAsStream("/prompt/chat-template/qwen3-instruct-2507-like.jinja")) {
            jinja = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(model.resolve("tokenizer_config.json"),
                new ObjectMapper().createObjectNode().put("chat_template", jinja).toString());

        CliRun run = run("prompt", "--model", model.toString(), "--thinking", zhBrief().toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("<|im_start|>assistant\n").doesNotContain("<think>");
        assertThat(run.err()).contains("thinking is ignored");
    }

    @Test
    void should_read_the_real_qwen3_tokenizer_config_as_hybrid() throws IOException {
        Path model = Files.createDirectories(dir.resolve("qwen3"));
        try (InputStream in = getClass().getResourceAsStream("/prompt/chat-template/qwen3-tokenizer_config.json")) {
            Files.copy(in, model.resolve("tokenizer_config.json"));
        }
        CliRun run = run("prompt", "--model", model.toString(), zhBrief().toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
    }

    @Test
    void should_fail_clearly_for_a_folder_that_is_not_a_model() throws IOException {
        Path notModel = Files.createDirectories(dir.resolve("empty"));
        CliRun run = run("prompt", "--model", notModel.toString(), zhBrief().toString());
        assertThat(run.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(run.err()).contains(notModel + " has no tokenizer_config.json");
    }

    @Test
    void should_print_the_problems_of_an_invalid_brief_and_exit_1() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "title: x\ntype: story\ntemplate: sonnet\n");
        CliRun run = run("prompt", file.toString());
        assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(file + ":");
    }

    @Test
    void should_report_a_broken_user_template_with_its_location() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Path broken = templates.resolve("role-task-requirement.md");
        Files.writeString(broken, "---\nname: role-task-requirement\ndescription: d\ntypes: [any]\n---\n## user\n{{ title.getClass() }}\n");
        String previous = System.setProperty("inkstone.templates", templates.toString());
        try {
            CliRun run = run("prompt", zhBrief().toString());
            assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
            assertThat(run.err()).startsWith(broken + ":7: templates cannot call Java methods");
        } finally {
            if (previous == null) System.clearProperty("inkstone.templates");
            else System.setProperty("inkstone.templates", previous);
        }
    }

    @Test
    void should_use_a_user_template_from_the_templates_option() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(templates.resolve("role-task-requirement.md"),
                "---\nname: role-task-requirement\ndescription: d\ntypes: [any]\n---\n## user\nJust write {{ title }}.\n");
        CliRun run = run("prompt", "--templates", templates.toString(), "--messages-json", zhBrief().toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).get(0).get("content").asText()).isEqualTo("Just write 秋天的告别.");
    }

    @Test
    void should_render_every_sample_brief() throws IOException {
        Path samples = Path.of(System.getProperty("inkstone.project.dir", "."), "samples");
        List<Path> briefs;
        try (Stream<Path> files = Files.list(samples)) {
            briefs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(briefs).isNotEmpty();
        for (Path brief : briefs) {
            CliRun run = run("prompt", brief.toString());
            assertThat(run.code()).as(brief + ": " + run.err()).isZero();
            assertThat(run.out()).as(brief.toString()).startsWith("<|im_start|>system\n")
                    .contains("<|im_start|>user\n").endsWith("<|im_start|>assistant\n<think>\n\n</think>\n\n");
        }
    }
}
