package io.inkstone.llm;

/**
 * A flag a caller sets to stop a running generation after the current token (Ctrl-C, loop detection,
 * shutdown). The generator then returns with {@link StopReason#CANCELLED} and the text so far.
 */
public final class Cancellation {
    private volatile String reason;

    public void cancel(String why) {
        if (reason == null) reason = why == null ? "cancelled" : why;
    }

    public boolean isCancelled() { return reason != null; }

    /** Why it was cancelled, or null. */
    public String reason() { return reason; }
}
