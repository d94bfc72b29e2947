package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.llm.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3ConfigTest {

    @TempDir
    Path tmp;

    private Qwen3Config read(String json) throws Exception {
        Files.writeString(tmp.resolve("config.json"), json);
        return Qwen3Config.read(tmp);
    }

    @Test
    void should_read_fixture_a_config_with_head_dim_independent_of_hidden_size() throws Exception {
        Qwen3Config c = read(FixtureA.json().get("config").toString());
        assertThat(c).isEqualTo(new Qwen3Config(151936, 64, 192, 2, 4, 2, 32, true, 1e-6, 1e6, 40960, "bfloat16", "Qwen3ForCausalLM", true));
        assertThat(c.queriesPerKeyValueHead()).isEqualTo(2);
        assertThat(c.expectedTensors()).hasSize(24);
        assertThat(c.expectedTensors().get(2).shape()).containsExactly(128, 64); // q_proj: heads*head_dim, not hidden
    }

    @Test
    void should_default_head_dim_and_kv_heads_like_hugging_face() throws Exception {
        Qwen3Config c = read("{\"model_type\": \"qwen3\", \"vocab_size\": 100, \"hidden_size\": 64, \"intermediate_size\": 128,"
                + " \"num_hidden_layers\": 1, \"num_attention_heads\": 4}");
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.numKeyValueHeads()).isEqualTo(4);
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.synthetic()).isFalse();
        assertThat(c.expectedTensors()).extracting(Qwen3Config.ExpectedTensor::name).contains("lm_head.weight");
    }

    @Test
    void should_refuse_other_architectures_by_name() {
        assertThatThrownBy(() -> read("{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\"}"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unsupported architecture LlamaForCausalLM")
                .hasMessageContaining("Inkstone runs Qwen3 dense models (Qwen3ForCausalLM)");
        assertThatThrownBy(() -> read("{\"model_type\": \"qwen3_moe\"}")).hasMessageContaining("unsupported architecture model_type qwen3_moe");
    }

    @Test
    void should_name_a_missing_or_bad_key() {
        assertThatThrownBy(() -> read("{\"model_type\": \"qwen3\", \"hidden_size\": 64, \"num_attention_heads\": 4}"))
                .hasMessageContaining("lacks \"vocab_size\"");
        assertThatThrownBy(() -> read("{\"model_type\": \"qwen3\", \"vocab_size\": 10, \"hidden_size\": -64, \"num_attention_heads\": 4}"))
                .hasMessageContaining("\"hidden_size\" must be a positive integer, got -64");
        assertThatThrownBy(() -> read("{\"model_type\": \"qwen3\", \"vocab_size\": 10, \"hidden_size\": 64, \"intermediate_size\": 8,"
                + " \"num_hidden_layers\": 1, \"num_attention_heads\": 6, \"num_key_value_heads\": 4, \"head_dim\": 8}"))
                .hasMessageContaining("num_attention_heads (6) is not a multiple of num_key_value_heads (4)");
        assertThatThrownBy(() -> read("{\"model_type\": \"qwen3\", \"rope_scaling\": {\"type\": \"yarn\"}, \"vocab_size\": 10, \"hidden_size\": 64,"
                + " \"intermediate_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 4}"))
                .hasMessageContaining("rope_scaling");
        assertThatThrownBy(() -> read("{not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Qwen3Config.read(tmp.resolve("absent"))).hasMessageContaining("no config.json in");
    }

    @Test
    void should_count_parameters_and_kv_cache_of_qwen3_4b() {
        Qwen3Config c = SyntheticQwen3.Preset.QWEN3_4B.spec(1, 0.125f).toConfig();
        assertThat(c.parameterCount()).isEqualTo(4_022_468_096L);
        // 36 layers * 2 (k, v) * 8 kv heads * 128 * 4096 positions * 2 bytes = 576 MiB
        assertThat(c.kvCacheBytes(4096, 2)).isEqualTo(36L * 2 * 8 * 128 * 4096 * 2).isEqualTo(603_979_776L);
        assertThat(SyntheticQwen3.Preset.QWEN3_0_6B.spec(1, 0.125f).toConfig().parameterCount()).isEqualTo(596_049_920L);
    }

    @Test
    void should_name_the_tensors_that_do_not_match_the_config() throws Exception {
        Path model = FixtureA.writeModel(tmp);
        SafetensorsIndex weights = SafetensorsIndex.open(model);
        Qwen3Config wider = new Qwen3Config(151936, 64, 192, 3, 4, 1, 32, false, 1e-6, 1e6, 40960, "bfloat16", "Qwen3ForCausalLM", true);
        assertThatThrownBy(() -> wider.checkTensors(weights))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("missing lm_head.weight")
                .hasMessageContaining("model.layers.0.self_attn.k_proj.weight has shape [64, 64], config.json implies [32, 64]")
                .hasMessageContaining("first 5 shown");
        Qwen3Config deeper = new Qwen3Config(151936, 64, 192, 3, 4, 2, 32, true, 1e-6, 1e6, 40960, "bfloat16", "Qwen3ForCausalLM", true);
        assertThatThrownBy(() -> deeper.checkTensors(weights)).hasMessageContaining("missing model.layers.2.input_layernorm.weight");
    }
}
