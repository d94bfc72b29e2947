package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.qwen3.FixtureA;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {

    @TempDir
    static Path dir;

    private static Path model;

    @BeforeAll
    static void synthesize() throws Exception {
        model = FixtureA.writeModel(dir);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void should_print_the_reference_ids_and_top_logits_as_json_in_f32() throws Exception {
        JsonNode reference = FixtureA.json().get("reference").get("prompts").get(0);
        CliRun r = run("generate", "--model", model.toString(), "--prompt", reference.get("text").asText(), "--dtype", "f32", "--greedy",
                "--max-new-tokens", "8", "--ignore-eos", "--top-logits", "5", "--json", "--threads", "1", "--context", "64");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("prompt_ids")).isEqualTo(reference.get("promptTokenIds"));
        for (int g = 0; g < 8; g++) {
            assertThat(json.get("generated_ids").get(g)).isEqualTo(reference.get("generatedTokenIds").get(g));
            JsonNode mine = json.get("steps").get(g).get("top");
            JsonNode theirs = reference.get("steps").get(g).get("top5");
            assertThat(mine.get(0).get("id")).isEqualTo(theirs.get(0).get("id"));
            assertThat(mine.get(0).get("logit").asDouble()).isCloseTo(theirs.get(0).get("logit").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(json.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(json.get("text").asText()).isNotEmpty();
        assertThat(json.get("timings").get("load_s").asDouble()).isPositive();
        assertThat(json.get("timings").get("decode_tok_s").asDouble()).isPositive();
        assertThat(r.err()).contains("loading " + model).contains("decode");
    }

    @Test
    void should_stream_a_chat_answer_to_stdout() throws Exception {
        Path promptFile = dir.resolve("prompt.txt");
        Files.writeString(promptFile, "写一首关于秋天的短诗。");
        CliRun r = run("generate", "--model", model.toString(), "--prompt-file", promptFile.toString(), "--chat", "--system", "You are a helpful writer.",
                "--max-new-tokens", "5", "--threads", "1", "--context", "64");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isNotBlank();
        assertThat(r.err()).contains("31 prompt tokens, 5 generated, stop: max_tokens"); // fixture A chatml prompt (27) + empty think block (4)
    }

    @Test
    void should_explain_usage_and_model_errors() {
        CliRun both = run("generate", "--model", model.toString(), "--prompt", "x", "--raw", "--chat");
        assertThat(both.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(both.err()).contains("--raw cannot be combined with --chat");
        CliRun missing = run("generate", "--model", dir.resolve("absent").toString(), "--prompt", "x");
        assertThat(missing.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(missing.err()).contains("does not exist");
        CliRun badDtype = run("generate", "--model", model.toString(), "--prompt", "x", "--dtype", "fp8");
        assertThat(badDtype.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badDtype.err()).contains("unknown dtype 'fp8'");
        CliRun tooLong = run("generate", "--model", model.toString(), "--prompt", "word ".repeat(100), "--context", "32", "--threads", "1");
        assertThat(tooLong.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(tooLong.err()).contains("the context holds 32");
    }

    @Test
    void should_bench_the_tiny_model() throws Exception {
        CliRun r = run("bench", "--model", model.toString(), "--prompt-tokens", "16", "--gen-tokens", "4", "--batch", "2", "--reps", "2",
                "--threads", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("batch").asInt()).isEqualTo(2);
        assertThat(json.get("runs")).hasSize(2);
        for (String key : new String[] {"load_s", "prefill_tok_s", "decode_tok_s", "time_to_first_token_s", "peak_rss_mib"}) {
            assertThat(json.get(key).asDouble()).as(key).isPositive();
        }
        CliRun text = run("bench", "--model", model.toString(), "--prompt-tokens", "8", "--gen-tokens", "2", "--reps", "1", "--threads", "1");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("prefill").contains("decode").contains("peak RSS");
    }
}
