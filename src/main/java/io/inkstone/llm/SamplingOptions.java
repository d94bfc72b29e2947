package io.inkstone.llm;

import java.util.List;

/**
 * How the next token is chosen and when to stop. {@code temperature == 0} means greedy.
 * Values are validated here so that a bad value fails before the model is touched.
 *
 * @param temperature       0 = greedy; otherwise logits are divided by it (0 < t <= 5)
 * @param topK              keep the k most likely tokens (0 = off)
 * @param topP              nucleus sampling mass (1 = off), 0 < p <= 1
 * @param minP              drop tokens whose probability is below minP * p(max) (0 = off)
 * @param repetitionPenalty CTRL-style penalty on tokens already in prompt+output (1 = off)
 * @param presencePenalty   subtracted from logits of tokens already generated (0 = off)
 * @param maxNewTokens      upper bound on generated tokens (>= 1)
 * @param seed              RNG seed; the same seed and input give the same output
 * @param stopStrings       generation stops before any of these strings
 * @param ignoreEos         keep generating past end-of-sequence tokens (benchmarks, fixtures)
 */
public record SamplingOptions(
        double temperature,
        int topK,
        double topP,
        double minP,
        double repetitionPenalty,
        double presencePenalty,
        int maxNewTokens,
        long seed,
        List<String> stopStrings,
        boolean ignoreEos) {

    public SamplingOptions {
        if (!(temperature >= 0 && temperature <= 5)) throw new IllegalArgumentException("temperature must be in [0, 5], got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        if (!(minP >= 0 && minP < 1)) throw new IllegalArgumentException("min_p must be in [0, 1), got " + minP);
        if (!(repetitionPenalty >= 1 && repetitionPenalty <= 3)) throw new IllegalArgumentException("repetition_penalty must be in [1, 3], got " + repetitionPenalty);
        if (!(presencePenalty >= -2 && presencePenalty <= 2)) throw new IllegalArgumentException("presence_penalty must be in [-2, 2], got " + presencePenalty);
        if (maxNewTokens < 1) throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
        stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
    }

    /** Qwen3-4B-Instruct-2507's recommended sampling for writing (temperature 0.7, top_p 0.8, top_k 20). */
    public static SamplingOptions writingDefaults() {
        return new SamplingOptions(0.7, 20, 0.8, 0.0, 1.05, 0.0, 2048, 42L, List.of(), false);
    }

    public static SamplingOptions greedy(int maxNewTokens) {
        return new SamplingOptions(0.0, 0, 1.0, 0.0, 1.0, 0.0, maxNewTokens, 0L, List.of(), false);
    }

    public boolean isGreedy() { return temperature == 0.0; }

    public SamplingOptions withMaxNewTokens(int n) {
        return new SamplingOptions(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, n, seed, stopStrings, ignoreEos);
    }

    public SamplingOptions withSeed(long s) {
        return new SamplingOptions(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, maxNewTokens, s, stopStrings, ignoreEos);
    }
}
