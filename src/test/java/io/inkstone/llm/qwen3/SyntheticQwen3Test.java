package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticQwen3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void should_reproduce_the_worked_example_of_the_spec() {
        String name = "model.layers.0.self_attn.q_proj.weight";
        assertThat(SyntheticWeights.fnv1a64(name.getBytes())).isEqualTo(0x3A296639DC11FEBBL);
        long key = SyntheticWeights.tensorKey(20261129L, name);
        assertThat(key).isEqualTo(0x1ED88C3D473D8D96L);
        assertThat(SyntheticWeights.element(key, 0, false, 0.125f) & 0xFFFF).isEqualTo(0xBDD8);
        assertThat(SyntheticWeights.element(key, 1, false, 0.125f) & 0xFFFF).isEqualTo(0xBBA8); // rounds up, truncation gives 0xBBA7
        assertThat(SyntheticWeights.element(key, 2, false, 0.125f) & 0xFFFF).isEqualTo(0x3DBD);
        long normKey = SyntheticWeights.tensorKey(20261129L, "model.norm.weight");
        assertThat(normKey).isEqualTo(0x7D440358F10E5460L);
        assertThat(SyntheticWeights.element(normKey, 0, true, 0.125f) & 0xFFFF).isEqualTo(0x3F6E);
        assertThat(SyntheticWeights.element(normKey, 1, true, 0.125f) & 0xFFFF).isEqualTo(0x3F89);
    }

    @Test
    void should_write_fixture_a_bit_exactly_and_read_it_back() throws Exception {
        Path model = FixtureA.writeModel(tmp);
        SafetensorsIndex weights = SafetensorsIndex.open(model);
        JsonNode expected = FixtureA.json().get("checksums").get("tensors");
        assertThat(weights.tensors()).hasSize(expected.size()).hasSize(24);
        for (JsonNode e : expected) {
            verifyTensor(weights, e);
        }
        assertThat(weights.files()).containsExactly(model.resolve("model.safetensors"));
        JsonNode referenceFile = FixtureA.json().get("generatedFiles").get("model.safetensors");
        assertThat(Files.size(model.resolve("model.safetensors"))).isEqualTo(referenceFile.get("bytes").asLong());
        assertThat(sha256(Files.readAllBytes(model.resolve("model.safetensors")))).isEqualTo(referenceFile.get("sha256").asText());
        assertThat(Files.exists(model.resolve(SafetensorsIndex.INDEX_FILE))).isFalse();
    }

    @Test
    void should_write_the_config_json_of_the_fixture_and_the_other_files() throws Exception {
        Path model = FixtureA.writeModel(tmp);
        assertThat(JSON.readTree(model.resolve("config.json").toFile())).isEqualTo(FixtureA.json().get("config"));
        JsonNode generation = JSON.readTree(model.resolve("generation_config.json").toFile());
        assertThat(generation).isEqualTo(JSON.readTree(
                "{\"bos_token_id\": 151643, \"eos_token_id\": [151645, 151643], \"pad_token_id\": 151643, \"do_sample\": false}"));
        assertThat(Files.size(model.resolve("tokenizer.json"))).isEqualTo(11422654L);
        assertThat(sha256(Files.readAllBytes(model.resolve("tokenizer.json"))))
                .isEqualTo(FixtureA.json().get("generatedFiles").get("tokenizer.json").get("sha256").asText());
        assertThat(sha256(Files.readAllBytes(model.resolve("tokenizer_config.json"))))
                .isEqualTo(FixtureA.json().get("generatedFiles").get("tokenizer_config.json").get("sha256").asText());
        try (var files = Files.list(model)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial"))).isEmpty();
        }
        Qwen3Config config = Qwen3Config.read(model);
        assertThat(config.synthetic()).isTrue();
        config.checkTensors(SafetensorsIndex.open(model));
    }

    @Test
    void should_shard_with_an_index_when_the_weights_exceed_the_shard_size() throws Exception {
        SyntheticQwen3.Spec spec = SyntheticQwen3.fromConfigJson(FixtureA.writeConfig(tmp));
        Path model = tmp.resolve("sharded");
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE,
                SyntheticQwen3.WriteOptions.defaults().withMaxShardBytes(19_000_000L));
        assertThat(model.resolve("model.safetensors")).doesNotExist();
        assertThat(model.resolve("model-00001-of-00002.safetensors")).exists();
        assertThat(model.resolve("model-00002-of-00002.safetensors")).exists();
        JsonNode index = JSON.readTree(model.resolve(SafetensorsIndex.INDEX_FILE).toFile());
        assertThat(index.get("weight_map").get("model.embed_tokens.weight").asText()).isEqualTo("model-00001-of-00002.safetensors");
        assertThat(index.get("weight_map").get("model.norm.weight").asText()).isEqualTo("model-00002-of-00002.safetensors");
        SafetensorsIndex weights = SafetensorsIndex.open(model);
        assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(weights.totalDataBytes());
        for (JsonNode e : FixtureA.json().get("checksums").get("tensors")) verifyTensor(weights, e);
    }

    @Test
    void should_report_progress_up_to_the_total() throws Exception {
        SyntheticQwen3.Spec spec = SyntheticQwen3.Preset.TINY.spec(7, 0.125f);
        List<long[]> calls = new ArrayList<>();
        SyntheticQwen3.writeModelFolder(spec, tmp.resolve("m"), (done, total) -> calls.add(new long[] {done, total}));
        long total = spec.toConfig().parameterCount() * 2;
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(calls.size() - 1)).containsExactly(total, total);
        for (int i = 1; i < calls.size(); i++) assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
    }

    @Test
    void should_refuse_a_non_empty_folder_unless_overwrite_is_allowed() throws Exception {
        Path model = tmp.resolve("m");
        Files.createDirectories(model);
        Files.writeString(model.resolve("notes.txt"), "mine");
        SyntheticQwen3.Spec spec = SyntheticQwen3.Preset.TINY.spec(1, 0.125f);
        assertThatThrownBy(() -> SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--force");
        assertThat(model.resolve("config.json")).doesNotExist();
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE,
                SyntheticQwen3.WriteOptions.defaults().withOverwrite(true));
        assertThat(model.resolve("notes.txt")).hasContent("mine");
        assertThat(Qwen3Config.read(model).numHiddenLayers()).isEqualTo(2);
    }

    @Test
    void should_generate_an_untied_model_with_another_gqa_ratio_from_a_config_file() throws Exception {
        Path file = tmp.resolve("custom.json");
        Files.writeString(file, """
                {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": 1000, "hidden_size": 48,
                 "intermediate_size": 80, "num_hidden_layers": 3, "num_attention_heads": 8, "num_key_value_heads": 2,
                 "head_dim": 16, "tie_word_embeddings": false, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
                 "max_position_embeddings": 2048, "seed": 5, "std": 0.0625}
                """);
        SyntheticQwen3.Spec spec = SyntheticQwen3.fromConfigJson(file);
        assertThat(spec.seed()).isEqualTo(5);
        assertThat(spec.std()).isEqualTo(0.0625f);
        Path model = tmp.resolve("custom");
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE);
        Qwen3Config config = Qwen3Config.read(model);
        assertThat(config.tieWordEmbeddings()).isFalse();
        assertThat(config.queriesPerKeyValueHead()).isEqualTo(4);
        assertThat(config.rmsNormEps()).isEqualTo(1e-5);
        SafetensorsIndex weights = SafetensorsIndex.open(model);
        assertThat(weights.tensors()).hasSize(2 + 11 * 3 + 1);
        assertThat(weights.get("lm_head.weight").shape()).containsExactly(1000, 48);
        assertThat(weights.get("model.layers.2.self_attn.q_proj.weight").shape()).containsExactly(128, 48);
        assertThat(weights.get("model.layers.2.self_attn.k_proj.weight").shape()).containsExactly(32, 48);
        assertThat(weights.get("model.layers.2.self_attn.v_proj.weight").shape()).containsExactly(32, 48);
        assertThat(weights.get("model.layers.2.self_attn.o_proj.weight").shape()).containsExactly(48, 128);
        assertThat(weights.get("model.layers.2.self_attn.q_norm.weight").shape()).containsExactly(16);
        assertThat(weights.get("model.layers.0.mlp.down_proj.weight").shape()).containsExactly(48, 80);
        config.checkTensors(weights);
        // the lm_head is its own tensor, generated from its own name
        ByteBuffer head = weights.map("lm_head.weight");
        ByteBuffer embed = weights.map("model.embed_tokens.weight");
        assertThat(head).isNotEqualTo(embed);
        long key = SyntheticWeights.tensorKey(5, "lm_head.weight");
        assertThat(head.getShort(2 * 7)).isEqualTo(SyntheticWeights.element(key, 7, false, 0.0625f));
    }

    @Test
    void should_refuse_a_std_that_is_not_exactly_a_float() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, FixtureA.json().get("config").toString().replace("\"std\":0.125", "\"std\":0.1"));
        assertThatThrownBy(() -> SyntheticQwen3.fromConfigJson(file)).hasMessageContaining("not exactly a float32");
    }

    @Test
    void should_ask_for_a_seed_when_the_config_has_none() throws Exception {
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"model_type\": \"qwen3\", \"vocab_size\": 10, \"hidden_size\": 8, \"intermediate_size\": 8,"
                + " \"num_hidden_layers\": 1, \"num_attention_heads\": 2}");
        assertThatThrownBy(() -> SyntheticQwen3.fromConfigJson(file)).isInstanceOf(ModelLoadException.class).hasMessageContaining("--seed");
        assertThat(SyntheticQwen3.fromConfigJson(file, 3L, null).std()).isEqualTo(SyntheticQwen3.DEFAULT_STD);
    }

    @Test
    void should_name_the_valid_presets_when_one_is_unknown() {
        assertThat(SyntheticQwen3.Preset.fromLabel("qwen3-4b")).isEqualTo(SyntheticQwen3.Preset.QWEN3_4B);
        assertThatThrownBy(() -> SyntheticQwen3.Preset.fromLabel("llama")).hasMessageContaining("tiny, qwen3-0.6b, qwen3-4b");
    }

    static void verifyTensor(SafetensorsIndex weights, JsonNode expected) throws IOException, NoSuchAlgorithmException {
        String name = expected.get("name").asText();
        TensorInfo t = weights.get(name);
        long[] shape = JSON.convertValue(expected.get("shape"), long[].class);
        assertThat(t.shape()).as(name + " shape").containsExactly(shape);
        assertThat(t.dtype()).isEqualTo("BF16");
        ByteBuffer data = weights.map(name);
        assertThat((long) data.remaining()).isEqualTo(t.byteLength());
        int[] first8 = new int[8];
        for (int i = 0; i < 8; i++) first8[i] = data.getShort(2 * i) & 0xFFFF;
        assertThat(first8).as(name + " first8").containsExactly(JSON.convertValue(expected.get("first8"), int[].class));
        double sum = 0;
        for (int i = 0; i < data.remaining(); i += 2) sum += Float.intBitsToFloat((data.getShort(i) & 0xFFFF) << 16);
        assertThat(sum).as(name + " sum").isEqualTo(expected.get("sum").asDouble());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(data.duplicate());
        assertThat(HexFormat.of().formatHex(sha.digest())).as(name + " sha256").isEqualTo(expected.get("sha256").asText());
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
