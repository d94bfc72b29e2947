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

    /** New text of the part being written, as it streams (a live view shows it; sections written side by side do not stream). */
    default void text(String delta) {}

    /** Something the user should know: a resumed checkpoint, an outline fallback, a loop cut off. */
    default void note(String message) {}

    /** Reports nothing. */
    ComposeProgress NONE = new ComposeProgress() {
        @Override public void stage(String name) {}
        @Override public void section(int index, int count, String heading) {}
        @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {}
    };

    /** Tells both {@code this} and {@code other} everything. */
    default ComposeProgress and(ComposeProgress other) {
        ComposeProgress first = this;
        return new ComposeProgress() {
            @Override public void stage(String name) { first.stage(name); other.stage(name); }
            @Override public void section(int index, int count, String heading) {
                first.section(index, count, heading);
                other.section(index, count, heading);
            }
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {
                first.tokens(generated, tokensPerSecond, eta);
                other.tokens(generated, tokensPerSecond, eta);
            }
            @Override public void text(String delta) { first.text(delta); other.text(delta); }
            @Override public void note(String message) { first.note(message); other.note(message); }
        };
    }
}
