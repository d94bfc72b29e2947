package io.inkstone.prompt;

import java.util.Arrays;
import java.util.List;

/** The prompt templates shipped with Inkstone ({@code templates/<name>.md}), by the name a brief or the composer uses. */
public enum BuiltInTemplate {
    /** One-shot pieces: role, task, requirements (the default). */
    ROLE_TASK_REQUIREMENT("role-task-requirement"),
    /** One-shot pieces with the brief's {@code examples}. */
    FEW_SHOT("few-shot"),
    /** Long pieces, first step: the section headings. */
    OUTLINE("outline"),
    /** Long pieces: one section, with the outline, the previous section's tail and a summary. */
    SECTION("section");

    private final String templateName;

    BuiltInTemplate(String templateName) {
        this.templateName = templateName;
    }

    /** The name in {@code template:} and the file name without {@code .md}. */
    public String templateName() { return templateName; }

    /** Every built-in name, in this order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(BuiltInTemplate::templateName).toList();
    }
}
