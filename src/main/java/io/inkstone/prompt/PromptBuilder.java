package io.inkstone.prompt;

import io.inkstone.llm.ChatMessage;

import io.inkstone.brief.Brief;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Expands templates for a brief into chat messages. The brief becomes plain template variables (title, task,
 * requirements, length, ... see docs/TEMPLATES.md); stage templates (outline, section, continue) get their own
 * extra variables from the caller.
 */
public final class PromptBuilder {

    /** The template for a brief that names none and has no examples. */
    public static final String DEFAULT_TEMPLATE = BuiltInTemplate.ROLE_TASK_REQUIREMENT.templateName();

    /** The template for a brief that names none but has examples. */
    public static final String FEW_SHOT_TEMPLATE = BuiltInTemplate.FEW_SHOT.templateName();

    private final TemplateLibrary library;

    public PromptBuilder(TemplateLibrary library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    /** The library templates come from. */
    public TemplateLibrary library() {
        return library;
    }

    /** The template a one-shot prompt for this brief uses: its own, else few-shot with examples, else the default. */
    public String templateNameFor(Brief brief) {
        if (brief.template() != null && !brief.template().isBlank()) return brief.template();
        return brief.examples().isEmpty() ? DEFAULT_TEMPLATE : FEW_SHOT_TEMPLATE;
    }

    /**
     * The one-shot prompt for a brief (the template of {@link #templateNameFor}).
     *
     * @throws UnknownTemplateException when the brief names a template the library lacks
     * @throws TemplateException        when the template fails, located in its file
     */
    public List<ChatMessage> forBrief(Brief brief) {
        return expand(templateNameFor(brief), brief, Map.of());
    }

    /**
     * Expands a template with the brief's variables plus {@code extraVariables} (which win on a name clash).
     *
     * @param extraVariables plain values: strings, numbers, booleans, lists, maps
     * @throws UnknownTemplateException when no template has that name
     * @throws TemplateException        when a declared variable is missing or the template fails
     * @throws IllegalArgumentException when an extra variable is not a plain value
     */
    public List<ChatMessage> expand(String templateName, Brief brief, Map<String, Object> extraVariables) {
        PromptTemplate template = library.get(templateName);
        Map<String, Object> values = BriefVariables.of(brief);
        extraVariables.forEach((name, value) -> values.put(name, BriefVariables.plain(name, value)));
        return template.expand(values);
    }
}
