package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.qwen3.FixtureA;
import io.inkstone.llm.qwen3.SyntheticQwen3;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * int4 and int8 weights on tiny models: how far their logits are from bf16's (relative error, top-1 agreement),
 * that the on-disk cache gives back the same bytes, and that the default dtype loads models whose hidden size (64)
 * is below the int4 group of 128.
 */
class QuantizedWeightsTest {

    private static final int STEPS = 24;

    @TempDir
    static Path dir;

    private static Path family;
    private static int[] prompt;

    @BeforeAll
    static void models() throws Exception {
        SyntheticQwen3.Spec spec = new SyntheticQwen3.Spec(151936, 128, 256, 3, 8, 2, 16, false, 1e-6, 1e6, 4096, 20261130L, 0.125f);
        family = dir.resolve("untied-gqa4");
        SyntheticQwen3.writeModelFolder(spec, family, SyntheticQwen3.ProgressListener.NONE);
        SplittableRandom random = new SplittableRandom(7);
        prompt = new int[40];
        for (int i = 0; i < prompt.length; i++) prompt[i] = random.nextInt(151643);
    }

    private static EngineOptions options(Dtype dtype, Path cache) {
        return new EngineOptions(dtype, 256, 1).withCacheDir(cache);
    }

    /** Logits after each of the last {@link #STEPS} prompt tokens, fed one by one after a prefill of the rest. */
    private static float[][] steps(Qwen3Engine engine) {
        engine.stepper().reset();
        engine.stepper().prefill(java.util.Arrays.copyOf(prompt, prompt.length - STEPS));
        float[][] out = new float[STEPS][];
        for (int i = 0; i < STEPS; i++) out[i] = engine.stepper().step(prompt[prompt.length - STEPS + i]);
        return out;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /** ||a - b|| / ||b|| over all steps, and the share of steps whose argmax agrees. */
    private static double[] compare(float[][] approximate, float[][] exact) {
        double diff = 0;
        double norm = 0;
        int agree = 0;
        for (int s = 0; s < exact.length; s++) {
            for (int i = 0; i < exact[s].length; i++) {
                double d = approximate[s][i] - exact[s][i];
                diff += d * d;
                norm += (double) exact[s][i] * exact[s][i];
            }
            if (argmax(approximate[s]) == argmax(exact[s])) agree++;
        }
        return new double[] {Math.sqrt(diff / norm), agree / (double) exact.length};
    }

    @Test
    void should_keep_int4_and_int8_logits_near_bf16() {
        float[][] bf16;
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.BF16, dir.resolve("cache")), LoadProgress.NONE)) {
            bf16 = steps(engine);
        }
        float[][] int8;
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT8, dir.resolve("cache")), LoadProgress.NONE)) {
            assertThat(engine.quantization()).isEqualTo("int8 per row × 13");
            int8 = steps(engine);
        }
        float[][] int4;
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT4, dir.resolve("cache")), LoadProgress.NONE)) {
            assertThat(engine.quantization()).contains("int4 group 128 × 13");
            int4 = steps(engine);
        }
        double[] q8 = compare(int8, bf16);
        double[] q4 = compare(int4, bf16);
        System.out.printf(Locale.ROOT, "vs bf16 over %d decode steps: int8 relative logit error %.4f, top-1 agreement %.2f; "
                + "int4 %.4f, %.2f%n", STEPS, q8[0], q8[1], q4[0], q4[1]);
        assertThat(q8[0]).isLessThan(0.03);
        assertThat(q8[1]).isGreaterThanOrEqualTo(0.9);
        // random weights have no margin between candidates: int4's error shows fully (a trained model's top-1 is far clearer)
        assertThat(q4[0]).isLessThan(0.35);
        assertThat(q4[1]).isGreaterThanOrEqualTo(0.25);
        assertThat(q4[0]).isGreaterThan(q8[0]); // int4 is coarser: the comparison can tell them apart
    }

    @Test
    void should_reload_identical_weights_from_the_cache() {
        Path cache = dir.resolve("reload-cache");
        List<byte[]> made;
        float[][] first;
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT4, cache), LoadProgress.NONE)) {
            assertThat(engine.runtime().fromCache()).isFalse();
            made = engine.runtime().quantizedBytes();
            first = steps(engine);
        }
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT4, cache), LoadProgress.NONE)) {
            assertThat(engine.runtime().fromCache()).isTrue();
            assertThat(engine.describe()).contains("from the cache");
            List<byte[]> reloaded = engine.runtime().quantizedBytes();
            assertThat(reloaded).hasSameSizeAs(made);
            for (int i = 0; i < made.size(); i++) assertThat(java.util.Arrays.equals(reloaded.get(i), made.get(i))).as("tensor %d", i).isTrue();
            float[][] again = steps(engine);
            for (int s = 0; s < STEPS; s++) assertThat(again[s]).as("step %d", s).isEqualTo(first[s]); // same bits (isEqualTo: Arrays.equals, fast)
        }
    }

    @Test
    void should_run_prompts_on_quantized_weights_when_told() {
        float[][] withBf16;
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT4, dir.resolve("cache"))
                .withPrefillWeights(EngineOptions.PrefillWeights.BF16), LoadProgress.NONE)) {
            assertThat(engine.describe()).contains("prompts on bf16 weights");
            withBf16 = steps(engine);
        }
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.INT4, dir.resolve("cache"))
                .withPrefillWeights(EngineOptions.PrefillWeights.QUANTIZED), LoadProgress.NONE)) {
            assertThat(engine.describe()).contains("prompts on int4 weights");
            float[][] quantized = steps(engine);
            double[] figures = compare(quantized, withBf16);
            assertThat(figures[0]).isGreaterThan(0).isLessThan(0.35);
        }
    }

    @Test
    void should_load_a_hidden_size_64_model_at_the_default_dtype() throws Exception {
        Path model = FixtureA.writeModel(java.nio.file.Files.createDirectories(dir.resolve("fixture-a")));
        EngineOptions defaults = new EngineOptions(null, 64, 1).withCacheDir(dir.resolve("cache"));
        assertThat(defaults.dtype()).isEqualTo(Dtype.INT4);
        try (Qwen3Engine engine = Qwen3Engine.open(model, defaults, LoadProgress.NONE)) {
            assertThat(engine.dtype()).isEqualTo(Dtype.INT4);
            assertThat(engine.quantization()).contains("int4 group 64");
            assertThat(engine.describe()).startsWith("int4 (").contains("int4 group 64");
            GenerationResult result = engine.generate(GenerationRequest.raw("The quick brown fox", SamplingOptions.greedy(8)));
            assertThat(result.generatedTokens()).isEqualTo(8);
        }
    }

    @Test
    void should_take_the_flash_kernel_for_grouped_query_attention_once_heads_are_folded() {
        try (Qwen3Engine engine = Qwen3Engine.open(family, options(Dtype.BF16, dir.resolve("cache")), LoadProgress.NONE)) {
            Qwen3Runtime runtime = engine.runtime();
            // what libtorch 2.7.1 does with enable_gqa=True on the CPU (the reason for folding), recorded for the docs
            System.out.printf(Locale.ROOT, "SDPA kernel (0 math, 1 flash): enable_gqa decode %d, prompt %d; folded decode %d, prompt %d%n",
                    runtime.attentionKernel(1, 2048, false, false), runtime.attentionKernel(128, 256, false, true),
                    runtime.attentionKernel(1, 2048, true, false), runtime.attentionKernel(128, 256, true, true));
            assertThat(runtime.attentionKernel(1, 2048, true, false)).isEqualTo(1);
            assertThat(runtime.attentionKernel(128, 256, true, true)).isEqualTo(1);
        }
    }
}
