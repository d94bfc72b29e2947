package io.inkstone.llm;

/**
 * Receives a generation as it happens. Deltas are always whole UTF-8 characters (never U+FFFD from a
 * character split across tokens). Called on the generating thread; keep it quick.
 */
public interface GenerationListener {
    /** New answer text (thinking text excluded). */
    void onText(String delta);

    /** New text inside a {@code <think>} block (hybrid thinking models only). */
    default void onThinking(String delta) {}

    /** Progress after each generated token: tokens so far, the limit, and the decode speed (tokens after the first per second since it; 0 until there are two). */
    default void onProgress(int generatedTokens, int maxNewTokens, double tokensPerSecond) {}

    GenerationListener NONE = delta -> {};
}
