package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.qwen3.FixtureA;
import io.inkstone.llm.qwen3.SafetensorsIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {

    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void should_synthesize_the_tiny_preset_as_fixture_a_with_progress() throws Exception {
        Path model = tmp.resolve("tiny");
        CliRun r = run("model", "synth", "--preset", "tiny", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + model).contains("synthetic Qwen3 (seed 20261129, std 0.125)").contains("9.85 M parameters");
        assertThat(r.err()).contains("100.0%").contains("MB/s").contains("ETA");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model.resolve("model.safetensors"))));
        assertThat(sha).isEqualTo(FixtureA.json().get("generatedFiles").get("model.safetensors").get("sha256").asText());
        assertThat(model.resolve("tokenizer.json")).exists();
    }

    @Test
    void should_refuse_a_non_empty_folder_without_force() throws Exception {
        Path model = tmp.resolve("m");
        Files.createDirectories(model);
        Files.writeString(model.resolve("keep.md"), "user file");
        CliRun refused = run("model", "synth", "--preset", "tiny", "--out", model.toString());
        assertThat(refused.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(refused.err()).contains("not empty").contains("--force");
        assertThat(model.resolve("config.json")).doesNotExist();
        CliRun forced = run("model", "synth", "--preset", "tiny", "--seed", "3", "--out", model.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(model.resolve("keep.md")).hasContent("user file");
    }

    @Test
    void should_synthesize_from_a_config_file_with_an_untied_head_and_shards() throws Exception {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, """
                {"architectures": ["Qwen3ForCausalLM"], "vocab_size": 151936, "hidden_size": 32, "intermediate_size": 64,
                 "num_hidden_layers": 2, "num_attention_heads": 6, "num_key_value_heads": 3, "head_dim": 8,
                 "tie_word_embeddings": false, "seed": 9, "std": 0.25}
                """);
        Path model = tmp.resolve("custom");
        CliRun r = run("model", "synth", "--config", config.toString(), "--out", model.toString(), "--shard-size", "10");
        assertThat(r.code()).as(r.err()).isZero();
        SafetensorsIndex weights = SafetensorsIndex.open(model);
        assertThat(weights.files()).hasSize(2);
        assertThat(weights.get("lm_head.weight").shape()).containsExactly(151936, 32);
        assertThat(weights.get("model.layers.1.self_attn.k_proj.weight").shape()).containsExactly(24, 32);
        CliRun info = run("model", "info", model.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("untied (own lm_head)").contains("6 heads, 3 kv heads (GQA 2:1), head_dim 8").contains("in 2 file(s)");
    }

    @Test
    void should_reject_bad_synth_options_with_a_clear_message() {
        CliRun both = run("model", "synth", "--preset", "tiny", "--config", "x.json", "--out", tmp.toString());
        assertThat(both.code()).isEqualTo(ExitCode.USAGE.code());
        CliRun unknown = run("model", "synth", "--preset", "llama-7b", "--out", tmp.resolve("x").toString());
        assertThat(unknown.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(unknown.err()).contains("unknown preset 'llama-7b'").contains("tiny, qwen3-0.6b, qwen3-4b");
        CliRun badStd = run("model", "synth", "--preset", "tiny", "--std", "0.1", "--out", tmp.resolve("y").toString());
        assertThat(badStd.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(badStd.err()).contains("not exactly a float32");
    }

    @Test
    void should_describe_a_model_folder_as_text_and_json() throws Exception {
        Path model = FixtureA.writeModel(tmp);
        CliRun text = run("model", "info", model.toString(), "--context", "1000");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("Qwen3ForCausalLM  SYNTHETIC (random weights, spec v1, seed 20261129, std 0.125)")
                .contains("2 layers, hidden 64, intermediate 192, vocab 151936")
                .contains("4 heads, 2 kv heads (GQA 2:1), head_dim 32, rope_theta 1000000, rms_norm_eps 1.0E-6")
                .contains("tied (lm_head = embed_tokens)")
                .contains("9.85 M (9,847,232)")
                .contains("BF16 on disk, 18.8 MiB in 1 file(s)")
                .contains("chat template:  hybrid-thinking");
        CliRun json = run("model", "info", model.toString(), "--context", "1000", "--json");
        assertThat(json.code()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.out());
        assertThat(r.get("parameters").asLong()).isEqualTo(9_847_232L);
        assertThat(r.get("kvCacheBytesBf16").asLong()).isEqualTo(2L * 2 * 2 * 32 * 1000 * 2);
        assertThat(r.get("kvCacheBytesF32").asLong()).isEqualTo(2L * 2 * 2 * 32 * 1000 * 4);
        assertThat(r.get("weightBytes").asLong()).isEqualTo(9_847_232L * 2);
        assertThat(r.get("synthetic").asBoolean()).isTrue();
        assertThat(r.get("syntheticSeed").asLong()).isEqualTo(20261129L);
        assertThat(r.get("dtypeOnDisk").asText()).isEqualTo("BF16");
        assertThat(r.get("contextLength").asInt()).isEqualTo(1000);
    }

    @Test
    void should_fail_with_model_error_and_say_what_is_wrong() throws Exception {
        CliRun missing = run("model", "info", tmp.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(missing.err()).contains("no config.json in");
        Path model = FixtureA.writeModel(tmp);
        Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3});
        CliRun corrupt = run("model", "info", model.toString());
        assertThat(corrupt.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(corrupt.out()).contains("NOT USABLE");
        assertThat(corrupt.err()).contains("corrupt safetensors file");
    }

    @Test
    void should_show_usage_without_a_subcommand() {
        CliRun r = run("model");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("synth").contains("info");
    }
}
