package io.inkstone.compose;

import java.time.Duration;

/**
 * What {@link Composer} is doing, for a progress display. Called on the generating thread; keep it quick
 * ({@link #tokens} comes after every generated token, so throttle what you print).
 */
public interface ComposeProgress {

    /** A new stage: {@code "outline"}, {@code "sections"}, {@code "piece"} (one-shot), {@code "clean-up"}. */
    void stage(String name);

    /** Section {@code index} (1-based) of {@code count} starts. */
    void section(int index, int count, String heading);

    /**
     * Tokens generated so far in this run, the speed, and the estimated time left (from the planned length
     * of what remains; {@link Duration#ZERO} when unknown).
     */
    void tokens(int generated, double tokensPerSecond, Duration eta);

    /** Something the user should know: a resumed checkpoint, an outline fallback, a loop cut off. */
    default void note(String message) {}

    /** Reports nothing. */
    ComposeProgress NONE = new ComposeProgress() {
        @Override public void stage(String name) {}
        @Override public void section(int index, int count, String heading) {}
        @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {}
    };
}
