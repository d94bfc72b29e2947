package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.llm.qwen3.SyntheticQwen3;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second shape of the family, unlike fixture A: untied lm_head, 4 query heads per KV head (8 / 2), head_dim 16
 * (not hidden / heads), 3 layers. Without a reference, the engine is checked against itself: one prefill, chunked
 * prefills, token-by-token decoding and batched decoding at different positions must agree (a wrong mask, position
 * or cache write breaks that), and bf16 must stay close to f32.
 */
class Qwen3FamilyTest {

    private static final int PROMPT_TOKENS = 300;

    @TempDir
    static Path dir;

    private static Qwen3Engine f32;
    private static Qwen3Engine bf16;
    private static Qwen3Engine int8;
    private static int[] prompt;

    @BeforeAll
    static void load() throws Exception {
        SyntheticQwen3.Spec spec = new SyntheticQwen3.Spec(151936, 128, 256, 3, 8, 2, 16, false, 1e-6, 1e6, 4096, 20261130L, 0.125f);
        Path model = dir.resolve("untied-gqa4");
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE);
        f32 = Qwen3Engine.open(model, new EngineOptions(Dtype.F32, 512, 1), LoadProgress.NONE);
        bf16 = Qwen3Engine.open(model, new EngineOptions(Dtype.BF16, 512, 1), LoadProgress.NONE);
        int8 = Qwen3Engine.open(model, new EngineOptions(Dtype.INT8, 512, 1).withPrefillWeights(EngineOptions.PrefillWeights.BF16)
                .withCacheDir(dir.resolve("cache")), LoadProgress.NONE);
        SplittableRandom random = new SplittableRandom(5);
        prompt = new int[PROMPT_TOKENS];
        for (int i = 0; i < prompt.length; i++) prompt[i] = random.nextInt(151643); // ordinary tokens
    }

    @AfterAll
    static void close() {
        if (f32 != null) f32.close();
        if (bf16 != null) bf16.close();
        if (int8 != null) int8.close();
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
        return worst;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    private static float[] prefillInChunks(Qwen3Engine engine, int[] ids, int chunk) {
        engine.stepper().setPrefillChunkTokens(chunk);
        try {
            engine.stepper().reset();
            return engine.stepper().prefill(ids);
        } finally {
            engine.stepper().setPrefillChunkTokens(Qwen3Engine.PREFILL_CHUNK_TOKENS);
        }
    }

    @Test
    void should_give_the_same_logits_for_one_prefill_chunked_prefills_and_token_by_token() {
        float[] whole = prefillInChunks(f32, prompt, PROMPT_TOKENS);
        float[] chunked = prefillInChunks(f32, prompt, 64);
        float[] odd = prefillInChunks(f32, prompt, 37);
        f32.stepper().reset();
        float[] stepwise = null;
        for (int id : prompt) stepwise = f32.stepper().step(id);
        assertThat(f32.stepper().position()).isEqualTo(PROMPT_TOKENS);
        System.out.printf("f32 one prefill vs chunks %.2e, vs 37-token chunks %.2e, vs token by token %.2e%n", maxAbsDiff(whole, chunked), maxAbsDiff(whole, odd), maxAbsDiff(whole, stepwise));
        assertThat(maxAbsDiff(whole, chunked)).isLessThan(1e-4);
        assertThat(maxAbsDiff(whole, odd)).isLessThan(1e-4);
        assertThat(maxAbsDiff(whole, stepwise)).isLessThan(1e-4);
        // the logits depend on the whole prompt: dropping its first token changes them
        f32.stepper().reset();
        float[] shorter = f32.stepper().prefill(Arrays.copyOfRange(prompt, 1, PROMPT_TOKENS));
        assertThat(maxAbsDiff(whole, shorter)).isGreaterThan(1e-2);
    }

    @Test
    void should_decode_several_sequences_at_different_positions_as_one_by_one() {
        int[] lengths = {PROMPT_TOKENS, 40, 173};
        int[] next = {11, 22, 33};
        float[][] single = new float[lengths.length][];
        for (int b = 0; b < lengths.length; b++) {
            f32.stepper().reset();
            f32.stepper().prefill(Arrays.copyOf(prompt, lengths[b]));
            single[b] = f32.stepper().step(next[b]);
        }
        f32.stepper().reserveSequences(lengths.length);
        for (int b = 0; b < lengths.length; b++) f32.stepper().prefillRow(b, Arrays.copyOf(prompt, lengths[b]));
        float[][] batched = f32.stepper().forwardBatch(next, lengths);
        for (int b = 0; b < lengths.length; b++) {
            assertThat(maxAbsDiff(single[b], batched[b])).as("sequence %d", b).isLessThan(1e-4);
        }
    }

    @Test
    void should_keep_int8_decoding_near_bf16() {
        float[] prompted = prefillInChunks(int8, prompt, 128);
        float[] exactPrompt = prefillInChunks(bf16, prompt, 128);
        // prompts run on the bf16 weights; the head's leading candidates are rescored exactly from its bf16 rows
        assertThat(argmax(prompted)).isEqualTo(argmax(exactPrompt));
        assertThat(prompted[argmax(prompted)]).isEqualTo(exactPrompt[argmax(exactPrompt)]);
        double worst = 0;
        for (int i = 0; i < 8; i++) {
            float[] exact = bf16.stepper().step(prompt[i]);
            float[] approximate = int8.stepper().step(prompt[i]);
            worst = Math.max(worst, maxAbsDiff(exact, approximate));
            assertThat(exact[argmax(approximate)]).as("step %d: int8's choice is near bf16's best", i).isGreaterThan(exact[argmax(exact)] - 0.1f);
        }
        System.out.printf("int8 vs bf16 over 8 decode steps: %.3e%n", worst);
        assertThat(worst).isLessThan(0.25);
    }

    @Test
    void should_keep_bf16_close_to_f32_on_a_long_prompt() {
        float[] exact = prefillInChunks(f32, prompt, 128);
        float[] half = prefillInChunks(bf16, prompt, 128);
        System.out.printf("bf16 vs f32 after %d tokens: %.3e%n", PROMPT_TOKENS, maxAbsDiff(exact, half));
        assertThat(maxAbsDiff(exact, half)).isLessThan(0.1);
        int mine = argmax(half);
        assertThat(exact[mine]).as("bf16's choice is (near) the f32 top-1").isGreaterThan(exact[argmax(exact)] - 0.05f);
        float[] exactStep = f32.stepper().step(prompt[7]);
        float[] halfStep = bf16.stepper().step(prompt[7]);
        assertThat(maxAbsDiff(exactStep, halfStep)).isLessThan(0.1);
    }
}
