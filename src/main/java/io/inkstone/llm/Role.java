package io.inkstone.llm;

/** The speaker of a chat message, as the Qwen3 chat template names it. */
public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in chat templates and JSON ("system", "user", "assistant"). */
    public String wireName() {
        return wireName;
    }

    public static Role fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName.equals(name)) return r;
        }
        throw new IllegalArgumentException("unknown chat role '" + name + "' (expected system, user or assistant)");
    }
}
