package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.FixtureA;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous batching on fixture A's model in float32: batched steps agree with one-at-a-time runs, sequences join
 * and leave a running batch, one can be cancelled without disturbing the others, and a cached prefix is reused.
 */
class BatchSchedulerTest {

    private static final int CONTEXT = 128;

    @TempDir
    static Path dir;

    /** One generation at a time (the reference). */
    private static Qwen3Engine single;
    /** Up to 4 sequences together. */
    private static Qwen3Engine batched;

    @BeforeAll
    static void load() throws Exception {
        Path model = FixtureA.writeModel(dir);
        EngineOptions options = new EngineOptions(Dtype.F32, CONTEXT, 1).withCacheDir(dir.resolve("cache"));
        single = Qwen3Engine.open(model, options, LoadProgress.NONE);
        batched = Qwen3Engine.open(model, options.withMaxBatch(4), LoadProgress.NONE);
    }

    @AfterAll
    static void close() {
        if (single != null) single.close();
        if (batched != null) batched.close();
    }

    private static SamplingOptions greedy(int tokens) {
        return new SamplingOptions(0.0, 0, 1.0, 0.0, 1.0, 0.0, tokens, 0L, List.of(), true);
    }

    private static int[] ids(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) out[i] = 1000 + random.nextInt(20_000);
        return out;
    }

    /** Every step's logits (copied). */
    private static final class Logits implements Qwen3Engine.StepObserver {
        final List<float[]> steps = new ArrayList<>();

        @Override
        public void onStep(int step, float[] logits) {
            steps.add(logits.clone());
        }
    }

    /** A solo run on the one-at-a-time engine: the ids and logits of every step. */
    private static GenerationResult solo(int[] prompt, int tokens, Logits logits) {
        BatchScheduler.Sequence s = new BatchScheduler.Sequence(single, prompt, false, greedy(tokens), GenerationListener.NONE,
                new Cancellation(), logits);
        float[] first;
        synchronized (single) {
            single.stepper().reset();
            first = single.stepper().prefill(prompt);
        }
        // the engine's own loop, token by token, observing like the scheduler does
        s.prefilled = s.started = System.nanoTime();
        s.accept(first);
        while (s.reason == null) s.accept(single.stepper().step(s.next));
        s.finish();
        return s.result.join();
    }

    private static BatchScheduler.Sequence sequence(int[] prompt, int tokens, GenerationListener listener, Cancellation cancellation,
            Logits logits) {
        return new BatchScheduler.Sequence(batched, prompt, false, greedy(tokens), listener, cancellation, logits);
    }

    private static void assertClose(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < actual.size(); i++) {
            for (int v = 0; v < actual.get(i).length; v++) worst = Math.max(worst, Math.abs(actual.get(i)[v] - expected.get(i)[v]));
        }
        assertThat(worst).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void should_give_the_logits_and_tokens_of_single_runs_when_sequences_decode_together() {
        int[][] prompts = {ids(1, 9), ids(2, 17), ids(3, 5)};
        List<BatchScheduler.Sequence> together = new ArrayList<>();
        List<Logits> batchedLogits = new ArrayList<>();
        for (int[] p : prompts) {
            Logits l = new Logits();
            batchedLogits.add(l);
            together.add(sequence(p, 8, GenerationListener.NONE, new Cancellation(), l));
        }
        List<GenerationResult> results = batched.scheduler().submitAll(together);

        assertThat(batched.widestBatch()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < prompts.length; i++) {
            Logits expected = new Logits();
            GenerationResult reference = solo(prompts[i], 8, expected);
            assertThat(results.get(i).generatedIds()).as("sequence %d", i).isEqualTo(reference.generatedIds());
            assertClose(batchedLogits.get(i).steps, expected.steps);
        }
    }

    @Test
    void should_let_a_sequence_join_and_another_leave_a_running_batch() {
        int[] shortPrompt = ids(11, 7);
        int[] longPrompt = ids(12, 12);
        int[] latePrompt = ids(13, 10);
        BatchScheduler.Sequence late = sequence(latePrompt, 6, GenerationListener.NONE, new Cancellation(), new Logits());
        GenerationListener joinAtFifth = new GenerationListener() {
            @Override public void onText(String delta) {}

            @Override public void onProgress(int generated, int max, double speed) {
                if (generated == 5) batched.scheduler().enqueue(List.of(late)); // joins while the long one runs
            }
        };
        BatchScheduler.Sequence leaving = sequence(shortPrompt, 3, GenerationListener.NONE, new Cancellation(), new Logits());
        BatchScheduler.Sequence staying = sequence(longPrompt, 14, joinAtFifth, new Cancellation(), new Logits());
        List<GenerationResult> first = batched.scheduler().submitAll(List.of(leaving, staying));
        GenerationResult joined = late.result.join();

        assertThat(first.get(0).generatedIds()).isEqualTo(solo(shortPrompt, 3, new Logits()).generatedIds());
        assertThat(first.get(1).generatedIds()).isEqualTo(solo(longPrompt, 14, new Logits()).generatedIds());
        assertThat(joined.generatedIds()).isEqualTo(solo(latePrompt, 6, new Logits()).generatedIds());
        assertThat(first.get(0).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(joined.generatedTokens()).isEqualTo(6);
    }

    @Test
    void should_cancel_one_sequence_and_leave_the_others_as_their_solo_runs() {
        int[][] prompts = {ids(21, 8), ids(22, 11), ids(23, 6)};
        Cancellation stopMiddle = new Cancellation();
        GenerationListener cancelAtThird = new GenerationListener() {
            @Override public void onText(String delta) {}

            @Override public void onProgress(int generated, int max, double speed) {
                if (generated == 3) stopMiddle.cancel("test");
            }
        };
        List<GenerationResult> results = batched.scheduler().submitAll(List.of(
                sequence(prompts[0], 10, GenerationListener.NONE, new Cancellation(), new Logits()),
                sequence(prompts[1], 10, cancelAtThird, stopMiddle, new Logits()),
                sequence(prompts[2], 10, GenerationListener.NONE, new Cancellation(), new Logits())));

        assertThat(results.get(1).stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(results.get(1).generatedTokens()).isEqualTo(3);
        assertThat(results.get(0).generatedIds()).isEqualTo(solo(prompts[0], 10, new Logits()).generatedIds());
        assertThat(results.get(2).generatedIds()).isEqualTo(solo(prompts[2], 10, new Logits()).generatedIds());
        assertThat(results.get(0).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void should_prefill_only_the_new_suffix_of_a_prompt_that_shares_a_cached_prefix() {
        int[] shared = ids(31, 40);
        int[] firstPrompt = concat(shared, ids(32, 6));
        int[] secondPrompt = concat(shared, ids(33, 9));
        batched.scheduler().submitAll(List.of(sequence(firstPrompt, 4, GenerationListener.NONE, new Cancellation(), new Logits())));
        long[] before = batched.prefixCounters();

        Logits reused = new Logits();
        GenerationResult second = batched.scheduler()
                .submitAll(List.of(sequence(secondPrompt, 6, GenerationListener.NONE, new Cancellation(), reused))).get(0);
        long[] after = batched.prefixCounters();

        assertThat(after[1] - before[1]).as("prefilled tokens").isEqualTo(secondPrompt.length - shared.length);
        assertThat(after[2] - before[2]).as("reused tokens").isEqualTo(shared.length);
        Logits full = new Logits();
        assertThat(second.generatedIds()).isEqualTo(solo(secondPrompt, 6, full).generatedIds());
        assertClose(reused.steps, full.steps);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
