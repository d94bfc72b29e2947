package io.inkstone.llm.qwen3;

import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {

    @TempDir
    Path dir;

    @Test
    void should_read_the_qwen3_instruct_2507_generation_config() throws Exception {
        Files.writeString(dir.resolve("generation_config.json"), """
                {"bos_token_id": 151643, "do_sample": true, "eos_token_id": [151645, 151643], "pad_token_id": 151643,
                 "temperature": 0.7, "top_k": 20, "top_p": 0.8, "transformers_version": "4.51.0"}
                """);
        GenerationConfig c = GenerationConfig.read(dir, List.of(1), 2);
        assertThat(c).isEqualTo(new GenerationConfig(List.of(151645, 151643), 151643, true, 0.7, 0.8, 20, null, null));
        assertThat(c.isEndOfSequence(151643)).isTrue();
        assertThat(c.isEndOfSequence(151644)).isFalse();
        SamplingOptions s = c.recommendedSampling(SamplingOptions.greedy(64));
        assertThat(s.temperature()).isEqualTo(0.7);
        assertThat(s.topK()).isEqualTo(20);
        assertThat(s.topP()).isEqualTo(0.8);
        assertThat(s.maxNewTokens()).isEqualTo(64);
    }

    @Test
    void should_accept_a_single_eos_id_and_make_do_sample_false_greedy() throws Exception {
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 151645, \"do_sample\": false, \"temperature\": 0.6}");
        GenerationConfig c = GenerationConfig.read(dir, List.of(7), 9);
        assertThat(c.eosTokenIds()).containsExactly(151645);
        assertThat(c.padTokenId()).isEqualTo(9);
        assertThat(c.recommendedSampling(SamplingOptions.writingDefaults()).isGreedy()).isTrue();
    }

    @Test
    void should_fall_back_to_the_given_ids_without_a_file_and_refuse_a_broken_one() throws Exception {
        GenerationConfig c = GenerationConfig.read(dir, List.of(151645, 151643), 151643);
        assertThat(c.eosTokenIds()).containsExactly(151645, 151643);
        assertThat(c.temperature()).isNull();
        assertThat(c.recommendedSampling(SamplingOptions.writingDefaults())).isEqualTo(SamplingOptions.writingDefaults());
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": \"x\"}");
        assertThatThrownBy(() -> GenerationConfig.read(dir, List.of(1), 1)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("eos_token_id");
        Files.writeString(dir.resolve("generation_config.json"), "{oops");
        assertThatThrownBy(() -> GenerationConfig.read(dir, List.of(1), 1)).hasMessageContaining("not valid JSON");
    }
}
