package io.inkstone.llm.djl;

import io.inkstone.llm.SamplingOptions;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the next token from a logit vector, with Hugging Face semantics and order: repetition penalty,
 * presence penalty, then (unless greedy) temperature, top-k, top-p, min-p, and a draw from a seeded
 * {@link SplittableRandom} held by this instance (same seed + same logits sequence = same ids).
 *
 * <ul>
 *   <li>Greedy ({@code temperature == 0}): the arg-max of the penalized logits; ties go to the lowest id.</li>
 *   <li>Repetition penalty {@code r} (CTRL / Hugging Face): for every distinct token of the context (prompt and
 *       generated ids), a positive logit is divided by {@code r}, a negative one multiplied by it.</li>
 *   <li>Presence penalty {@code p} (OpenAI): subtracted once from the logit of every distinct token
 *       <em>generated</em> so far, i.e. {@code context[promptLength .. contextLength)}; the three-argument
 *       {@link #next(float[], int[], int)} counts the whole context as generated.</li>
 *   <li>Top-k uses partial selection (a k-element heap, O(V log k)), never a full sort. Top-p without top-k
 *       works on the {@value #TOP_P_CANDIDATES} most likely tokens, its mass measured against the full
 *       softmax: a token outside them is never drawn (their total probability is negligible for a trained model).
 *       Top-p after top-k works on the k survivors, renormalized (Hugging Face). Min-p keeps tokens whose
 *       probability is at least {@code minP} times the largest.</li>
 * </ul>
 * One instance per sequence; not thread-safe (it reuses scratch arrays).
 */
public final class Sampler {

    /** How many of the most likely tokens top-p considers when top-k is off. */
    public static final int TOP_P_CANDIDATES = 4096;

    private final SamplingOptions options;
    private final SplittableRandom random;
    private float[] scratch = new float[0];     // [vocab] penalized logits
    private int[] seenStamp = new int[0];       // [vocab] stamp per token: dedups penalty application
    private int stamp;
    private int[] candidateIds = new int[0];    // [candidates] heap, then sorted best first
    private float[] candidateLogits = new float[0];
    private double[] weights = new double[0];   // [candidates] unnormalized probabilities

    public Sampler(SamplingOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    /**
     * The next token id; presence penalty counts every context token as generated.
     *
     * @param logits        {@code [vocab]} raw logits of the last position (not modified)
     * @param context       prompt ids followed by the ids generated so far
     * @param contextLength how many entries of {@code context} are valid
     */
    public int next(float[] logits, int[] context, int contextLength) {
        return next(logits, context, contextLength, 0);
    }

    /**
     * The next token id.
     *
     * @param logits        {@code [vocab]} raw logits of the last position (not modified)
     * @param context       prompt ids followed by the ids generated so far
     * @param contextLength how many entries of {@code context} are valid
     * @param promptLength  how many leading context entries are prompt (not subject to the presence penalty)
     */
    public int next(float[] logits, int[] context, int contextLength, int promptLength) {
        if (contextLength < 0 || contextLength > context.length || promptLength < 0 || promptLength > contextLength) {
            throw new IllegalArgumentException("bad lengths: context " + contextLength + " of " + context.length + ", prompt " + promptLength);
        }
        float[] l = penalize(logits, context, contextLength, promptLength);
        if (options.isGreedy()) return argmax(l);
        return sample(l);
    }

    private float[] penalize(float[] logits, int[] context, int contextLength, int promptLength) {
        boolean repetition = options.repetitionPenalty() != 1.0;
        boolean presence = options.presencePenalty() != 0.0;
        if (!repetition && !presence) return logits;
        int vocab = logits.length;
        if (scratch.length != vocab) {
            scratch = new float[vocab];
            seenStamp = new int[vocab];
            stamp = 0;
        }
        System.arraycopy(logits, 0, scratch, 0, vocab);
        if (repetition) {
            float r = (float) options.repetitionPenalty();
            int s = nextStamp();
            for (int i = 0; i < contextLength; i++) {
                int id = context[i];
                if (id < 0 || id >= vocab || seenStamp[id] == s) continue;
                seenStamp[id] = s;
                scratch[id] = scratch[id] > 0 ? scratch[id] / r : scratch[id] * r;
            }
        }
        if (presence) {
            float p = (float) options.presencePenalty();
            int s = nextStamp();
            for (int i = promptLength; i < contextLength; i++) {
                int id = context[i];
                if (id < 0 || id >= vocab || seenStamp[id] == s) continue;
                seenStamp[id] = s;
                scratch[id] -= p;
            }
        }
        return scratch;
    }

    private int nextStamp() {
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(seenStamp, 0);
            stamp = 1;
        }
        return stamp;
    }

    /** Index of the largest value, the lowest index among equals. */
    static int argmax(float[] l) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < l.length; i++) {
            if (l[i] > bestValue) {
                bestValue = l[i];
                best = i;
            }
        }
        if (best < 0) throw new IllegalStateException("no finite logit to choose from (all -inf or NaN): the model produced bad numbers");
        return best;
    }

    private int sample(float[] l) {
        int vocab = l.length;
        double inverseTemperature = 1.0 / options.temperature();
        float max = l[argmax(l)];
        int k = options.topK() > 0 ? Math.min(options.topK(), vocab)
                : options.topP() < 1.0 ? Math.min(TOP_P_CANDIDATES, vocab) : 0;
        if (k == 0) return sampleAll(l, max, inverseTemperature);

        int n = selectTop(l, k);
        ensureWeights(n);
        double kept = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp((candidateLogits[i] - max) * inverseTemperature);
            kept += weights[i];
        }
        if (options.topP() < 1.0) {
            double mass = options.topK() > 0 ? kept : softmaxNormalizer(l, max, inverseTemperature);
            double before = 0;
            int keep = 0;
            while (keep < n && before < options.topP() * mass) before += weights[keep++];
            n = Math.max(1, keep);
        }
        if (options.minP() > 0) {
            double threshold = options.minP() * weights[0];
            int keep = 1;
            while (keep < n && weights[keep] >= threshold) keep++;
            n = keep;
        }
        double total = 0;
        for (int i = 0; i < n; i++) total += weights[i];
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= weights[i];
            if (u < 0) return candidateIds[i];
        }
        return candidateIds[n - 1];
    }

    /** Temperature (and min-p) over the whole vocabulary, drawn in id order without sorting. */
    private int sampleAll(float[] l, float max, double inverseTemperature) {
        double threshold = options.minP(); // min-p relative to the top token, whose weight is exp(0) = 1
        ensureWeights(l.length);
        double total = 0;
        for (int i = 0; i < l.length; i++) {
            double w = Math.exp((l[i] - max) * inverseTemperature);
            if (w < threshold) w = 0;
            weights[i] = w;
            total += w;
        }
        double u = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < l.length; i++) {
            if (weights[i] == 0) continue;
            last = i;
            u -= weights[i];
            if (u < 0) return i;
        }
        return last;
    }

    private static double softmaxNormalizer(float[] l, float max, double inverseTemperature) {
        double z = 0;
        for (float v : l) z += Math.exp((v - max) * inverseTemperature);
        return z;
    }

    private void ensureWeights(int n) {
        if (weights.length < n) weights = new double[n];
    }

    /**
     * Puts the {@code k} best tokens (higher logit first, then lower id) into candidateIds/candidateLogits,
     * sorted best first, using a k-element min-heap; returns k.
     */
    private int selectTop(float[] l, int k) {
        if (candidateIds.length < k) {
            candidateIds = new int[k];
            candidateLogits = new float[k];
        }
        int size = 0;
        for (int id = 0; id < l.length; id++) {
            float v = l[id];
            if (Float.isNaN(v)) continue;
            if (size < k) {
                candidateIds[size] = id;
                candidateLogits[size] = v;
                siftUp(size++);
            } else if (better(v, id, candidateLogits[0], candidateIds[0])) {
                candidateIds[0] = id;
                candidateLogits[0] = v;
                siftDown(0, size);
            }
        }
        // heap sort: repeatedly move the worst to the end, leaving the array best first
        for (int end = size - 1; end > 0; end--) {
            swap(0, end);
            siftDown(0, end);
        }
        return size;
    }

    private static boolean better(float v, int id, float otherV, int otherId) {
        return v > otherV || (v == otherV && id < otherId);
    }

    /** Min-heap on "better": the root is the worst candidate. */
    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(candidateLogits[parent], candidateIds[parent], candidateLogits[i], candidateIds[i])) return;
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int size) {
        while (true) {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < size && better(candidateLogits[worst], candidateIds[worst], candidateLogits[left], candidateIds[left])) worst = left;
            if (right < size && better(candidateLogits[worst], candidateIds[worst], candidateLogits[right], candidateIds[right])) worst = right;
            if (worst == i) return;
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        int id = candidateIds[a];
        candidateIds[a] = candidateIds[b];
        candidateIds[b] = id;
        float v = candidateLogits[a];
        candidateLogits[a] = candidateLogits[b];
        candidateLogits[b] = v;
    }
}
