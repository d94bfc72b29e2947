package io.inkstone.llm;

/** Why a generation ended. */
public enum StopReason {
    /** The model produced an end-of-sequence token (from generation_config.json). */
    END_OF_SEQUENCE("eos"),
    /** One of the request's stop strings appeared; it is not part of the text. */
    STOP_STRING("stop_string"),
    /** max_new_tokens was reached: the answer may be cut off and can be continued. */
    MAX_TOKENS("max_tokens"),
    /** The model's context window is full. */
    CONTEXT_FULL("context_full"),
    /** The caller cancelled (Ctrl-C, a loop detector, a shutdown). */
    CANCELLED("cancelled");

    private final String label;

    StopReason(String label) { this.label = label; }

    /** Stable lower-case label for JSON, logs and note properties. */
    public String label() { return label; }
}
