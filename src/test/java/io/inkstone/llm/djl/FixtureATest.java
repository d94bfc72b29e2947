package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.qwen3.FixtureA;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixture A (synthetic-qwen3 README): the model is generated from its seed, loaded through the normal Hugging
 * Face loader, and run by the README's protocol against llama.cpp's reference logits, in both precisions.
 */
class FixtureATest {

    private static final int STEPS = 32;

    @TempDir
    static Path dir;

    private static Path model;
    private static Qwen3Engine f32;
    private static Qwen3Engine bf16;

    /** One thread: tests share a busy machine, where two spinning OpenMP threads lose time to each other. */
    @BeforeAll
    static void load() throws Exception {
        model = FixtureA.writeModel(dir);
        f32 = Qwen3Engine.open(model, new EngineOptions(Dtype.F32, 64, 1), LoadProgress.NONE);
        bf16 = Qwen3Engine.open(model, new EngineOptions(Dtype.BF16, 64, 1), LoadProgress.NONE);
    }

    @AfterAll
    static void close() {
        if (f32 != null) f32.close();
        if (bf16 != null) bf16.close();
    }

    private static List<JsonNode> prompts() {
        List<JsonNode> out = new ArrayList<>();
        FixtureA.json().get("reference").get("prompts").forEach(out::add);
        assertThat(out).hasSize(3);
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    @Test
    void should_tokenize_the_prompts_as_the_reference_did() {
        for (JsonNode prompt : prompts()) {
            GenerationRequest raw = GenerationRequest.raw(prompt.get("text").asText(), SamplingOptions.greedy(1));
            assertThat(f32.promptIds(raw)).as(prompt.get("name").asText()).containsExactly(ints(prompt.get("promptTokenIds")));
        }
    }

    @Test
    void should_match_the_reference_in_f32_free_running() {
        double worst = 0;
        for (JsonNode prompt : prompts()) {
            String name = prompt.get("name").asText();
            int[] expected = ints(prompt.get("generatedTokenIds"));
            f32.reset();
            float[] logits = f32.prefill(ints(prompt.get("promptTokenIds")));
            for (int g = 0; g < STEPS; g++) {
                for (JsonNode top : prompt.get("steps").get(g).get("top5")) {
                    double diff = Math.abs(logits[top.get("id").asInt()] - top.get("logit").asDouble());
                    assertThat(diff).as("%s step %d id %d", name, g, top.get("id").asInt()).isLessThanOrEqualTo(1e-3);
                    worst = Math.max(worst, diff);
                }
                int next = argmax(logits);
                assertThat(next).as("%s greedy id at step %d", name, g).isEqualTo(expected[g]);
                if (g + 1 < STEPS) logits = f32.step(next);
            }
        }
        System.out.printf("fixture A f32: worst |Δlogit| %.2e%n", worst);
    }

    @Test
    void should_match_the_reference_in_bf16_teacher_forced() {
        double nearTie = FixtureA.json().get("tolerances").get("bf16").get("nearTieMargin").asDouble();
        double bound = FixtureA.json().get("tolerances").get("bf16").get("maxAbsLogitDiff").asDouble();
        double worst = 0;
        for (JsonNode prompt : prompts()) {
            String name = prompt.get("name").asText();
            int[] forced = ints(prompt.get("generatedTokenIds"));
            bf16.reset();
            float[] logits = bf16.prefill(ints(prompt.get("promptTokenIds")));
            for (int g = 0; g < STEPS; g++) {
                JsonNode step = prompt.get("steps").get(g);
                JsonNode top5 = step.get("top5");
                for (JsonNode top : top5) {
                    double diff = Math.abs(logits[top.get("id").asInt()] - top.get("logit").asDouble());
                    assertThat(diff).as("%s step %d id %d", name, g, top.get("id").asInt()).isLessThanOrEqualTo(bound);
                    worst = Math.max(worst, diff);
                }
                if (g < 8) {
                    int mine = argmax(logits);
                    List<Integer> accepted = new ArrayList<>(List.of(top5.get(0).get("id").asInt()));
                    if (step.get("margin").asDouble() < nearTie) {
                        for (JsonNode top : top5) {
                            if (top5.get(0).get("logit").asDouble() - top.get("logit").asDouble() <= nearTie) accepted.add(top.get("id").asInt());
                        }
                    }
                    assertThat(accepted).as("%s top-1 at step %d", name, g).contains(mine);
                }
                if (g + 1 < STEPS) logits = bf16.step(forced[g]);
            }
        }
        System.out.printf("fixture A bf16: worst |Δlogit| %.2e%n", worst);
    }

    @Test
    void should_generate_the_reference_ids_through_the_generator_api() {
        JsonNode prompt = prompts().get(1);
        SamplingOptions greedy = new SamplingOptions(0, 0, 1, 0, 1, 0, STEPS, 0, List.of(), true); // greedy, EOS ignored
        var result = f32.generate(GenerationRequest.raw(prompt.get("text").asText(), greedy));
        assertThat(result.generatedIds()).containsExactlyElementsOf(
                java.util.Arrays.stream(ints(prompt.get("generatedTokenIds"))).boxed().toList());
        assertThat(result.promptTokens()).isEqualTo(prompt.get("promptTokenIds").size());
    }
}
