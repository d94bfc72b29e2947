package io.inkstone.llm;

import java.util.List;

/**
 * The outcome of one generation.
 *
 * @param text            the answer (thinking block removed, stop string excluded)
 * @param thinking        the content of a {@code <think>} block, "" if none
 * @param stopReason      why generation ended
 * @param promptTokens    tokens in the rendered prompt (including any assistant prefix)
 * @param generatedTokens tokens generated
 * @param generatedIds    the generated token ids
 * @param timings         where the time went
 */
public record GenerationResult(
        String text,
        String thinking,
        StopReason stopReason,
        int promptTokens,
        int generatedTokens,
        List<Integer> generatedIds,
        Timings timings) {

    public GenerationResult {
        generatedIds = generatedIds == null ? List.of() : List.copyOf(generatedIds);
        thinking = thinking == null ? "" : thinking;
    }

    /** @param prefillSeconds time to process the prompt; decodeSeconds time for the generated tokens */
    public record Timings(double prefillSeconds, double decodeSeconds) {
        public double totalSeconds() { return prefillSeconds + decodeSeconds; }
    }

    public double decodeTokensPerSecond() {
        return timings.decodeSeconds() > 0 ? generatedTokens / timings.decodeSeconds() : 0;
    }
}
