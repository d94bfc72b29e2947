package io.inkstone.brief;

/**
 * Sampling settings a brief may override; null means "use the default".
 */
public record GenerationOverrides(
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double repetitionPenalty,
        Integer maxNewTokens,
        Long seed,
        Boolean thinking) {

    public static final GenerationOverrides NONE = new GenerationOverrides(null, null, null, null, null, null, null, null);
}
