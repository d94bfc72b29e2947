package io.inkstone.llm.djl;

import io.inkstone.llm.SamplingOptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int[] NO_CONTEXT = new int[0];

    private static SamplingOptions options(double temperature, int topK, double topP, double minP, double repetition, double presence, long seed) {
        return new SamplingOptions(temperature, topK, topP, minP, repetition, presence, 100, seed, List.of(), false);
    }

    private static float ln(double p) {
        return (float) Math.log(p);
    }

    /** How often each id is drawn in {@code draws} calls of one sampler. */
    private static int[] histogram(SamplingOptions o, float[] logits, int draws) {
        Sampler s = new Sampler(o);
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) counts[s.next(logits, NO_CONTEXT, 0)]++;
        return counts;
    }

    @Test
    void should_pick_the_argmax_and_break_ties_towards_the_lowest_id() {
        Sampler greedy = new Sampler(SamplingOptions.greedy(10));
        assertThat(greedy.next(new float[] {1f, 3f, 3f, 2f}, NO_CONTEXT, 0)).isEqualTo(1);
        assertThat(greedy.next(new float[] {-5f, -4f, Float.NEGATIVE_INFINITY}, NO_CONTEXT, 0)).isEqualTo(1);
    }

    @Test
    void should_divide_positive_and_multiply_negative_logits_of_repeated_tokens() {
        Sampler penalized = new Sampler(options(0, 0, 1, 0, 1.5, 0, 0));
        Sampler plain = new Sampler(SamplingOptions.greedy(10));
        float[] positive = {2.0f, 1.9f, -3f};
        assertThat(plain.next(positive, new int[] {0, 0, 2}, 3)).isEqualTo(0);
        assertThat(penalized.next(positive, new int[] {0, 0, 2}, 3)).isEqualTo(1); // 2.0 / 1.5 < 1.9
        float[] negative = {-1.0f, -1.2f, -9f};
        assertThat(plain.next(negative, new int[] {0}, 1)).isEqualTo(0);
        assertThat(penalized.next(negative, new int[] {0}, 1)).isEqualTo(1); // -1.0 * 1.5 < -1.2 (dividing would raise it)
        // only the first contextLength entries count, and the caller's array is not modified
        assertThat(penalized.next(positive, new int[] {2, 0}, 1)).isEqualTo(0);
        assertThat(positive).containsExactly(2.0f, 1.9f, -3f);
    }

    @Test
    void should_apply_the_presence_penalty_once_to_generated_tokens_only() {
        Sampler s = new Sampler(options(0, 0, 1, 0, 1, 0.5, 0));
        float[] logits = {1.0f, 0.8f, 0.1f};
        assertThat(s.next(logits, new int[] {0}, 1)).isEqualTo(1);               // 1.0 - 0.5 < 0.8
        assertThat(s.next(logits, new int[] {0}, 1, 1)).isEqualTo(0);            // token 0 is prompt, not penalized
        assertThat(s.next(new float[] {1.0f, 0.45f}, new int[] {0, 0, 0}, 3)).isEqualTo(0); // once, not per occurrence: 0.5 > 0.45
    }

    @Test
    void should_repeat_the_same_draws_for_the_same_seed() {
        SplittableRandom r = new SplittableRandom(1);
        float[][] steps = new float[50][1000];
        for (float[] step : steps) for (int i = 0; i < step.length; i++) step[i] = (float) r.nextGaussian();
        int[] a = draws(options(0.9, 40, 0.9, 0.02, 1.1, 0.2, 42), steps);
        int[] b = draws(options(0.9, 40, 0.9, 0.02, 1.1, 0.2, 42), steps);
        int[] c = draws(options(0.9, 40, 0.9, 0.02, 1.1, 0.2, 43), steps);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static int[] draws(SamplingOptions o, float[][] steps) {
        Sampler s = new Sampler(o);
        int[] context = new int[steps.length];
        for (int i = 0; i < steps.length; i++) context[i] = s.next(steps[i], context, i);
        return context;
    }

    @Test
    void should_follow_the_softmax_at_temperature_one_and_flatten_it_when_hotter() {
        float[] logits = {0f, ln(3)}; // p(1) = 0.75 at T = 1; 3^(1/5) / (1 + 3^(1/5)) = 0.5547 at T = 5
        int[] cold = histogram(options(1, 0, 1, 0, 1, 0, 7), logits, 20000);
        int[] hot = histogram(options(5, 0, 1, 0, 1, 0, 7), logits, 20000);
        assertThat(cold[1] / 20000.0).isBetween(0.74, 0.76);
        assertThat(hot[1] / 20000.0).isBetween(0.545, 0.565);
    }

    @Test
    void should_draw_only_from_the_top_k() {
        float[] logits = {5f, 4f, 3f, 2.9f, 1f};
        int[] all = histogram(options(1, 0, 1, 0, 1, 0, 3), logits, 3000);
        int[] top2 = histogram(options(1, 2, 1, 0, 1, 0, 3), logits, 3000);
        assertThat(all[2] + all[3]).isPositive();          // without the filter tokens 2 and 3 are drawn
        assertThat(top2[2] + top2[3] + top2[4]).isZero();
        assertThat(top2[0]).isGreaterThan(top2[1]).isGreaterThan(0);
    }

    @Test
    void should_keep_the_smallest_set_reaching_top_p_with_and_without_top_k() {
        float[] logits = {ln(0.5), ln(0.3), ln(0.2)};
        for (int topK : new int[] {0, 3}) {
            int[] p06 = histogram(options(1, topK, 0.6, 0, 1, 0, 5), logits, 3000);
            assertThat(p06[2]).as("top_k " + topK).isZero();
            assertThat(p06[1]).isPositive();
            int[] p05 = histogram(options(1, topK, 0.5, 0, 1, 0, 5), logits, 3000);
            assertThat(p05).containsExactly(3000, 0, 0); // Hugging Face: the 0.5 token alone reaches 0.5
            int[] off = histogram(options(1, topK, 1.0, 0, 1, 0, 5), logits, 3000);
            assertThat(off[2]).isPositive();
        }
    }

    @Test
    void should_measure_top_p_against_the_renormalized_top_k_survivors() {
        // top_k 2 leaves {0.5, 0.3} -> renormalized {0.625, 0.375}; top_p 0.6 then keeps token 0 only
        float[] logits = {ln(0.5), ln(0.3), ln(0.2)};
        assertThat(histogram(options(1, 2, 0.6, 0, 1, 0, 9), logits, 2000)).containsExactly(2000, 0, 0);
    }

    @Test
    void should_drop_tokens_below_min_p_times_the_top_probability() {
        float[] logits = {0f, ln(0.5), ln(0.05)}; // relative probabilities 1, 0.5, 0.05
        for (int topK : new int[] {0, 3}) {
            int[] without = histogram(options(1, topK, 1, 0, 1, 0, 11), logits, 4000);
            int[] with = histogram(options(1, topK, 1, 0.1, 1, 0, 11), logits, 4000);
            assertThat(without[2]).as("top_k " + topK).isPositive();
            assertThat(with[2]).isZero();
            assertThat(with[1]).isPositive();
        }
    }

    @Test
    void should_handle_a_full_qwen3_vocabulary() {
        SplittableRandom r = new SplittableRandom(2);
        float[] logits = new float[151936];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) r.nextGaussian();
        logits[123456] = 30f;
        assertThat(new Sampler(SamplingOptions.greedy(1)).next(logits, NO_CONTEXT, 0)).isEqualTo(123456);
        assertThat(new Sampler(SamplingOptions.writingDefaults()).next(logits, new int[] {5, 6}, 2)).isEqualTo(123456);
        assertThat(new Sampler(options(1, 0, 0.95, 0, 1, 0, 1)).next(logits, NO_CONTEXT, 0)).isEqualTo(123456);
        logits[123456] = 0f;
        int id = new Sampler(options(1, 0, 0.9, 0, 1, 0, 1)).next(logits, NO_CONTEXT, 0);
        assertThat(id).isBetween(0, logits.length - 1);
    }
}
