package io.inkstone.prompt;

import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.Role;

import io.inkstone.brief.BriefType;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One prompt template: its front matter and its message sections, compiled. {@link #expand} turns variables into
 * chat messages. Made by {@link TemplateLibrary}; the file format is described in docs/TEMPLATES.md.
 */
public final class PromptTemplate {

    /** The front-matter value of {@code types} that suits every brief type. */
    public static final String ANY_TYPE = "any";

    /** The variable each example section sees: {@code example.input}, {@code example.output}, {@code example.number}. */
    public static final String EXAMPLE_VARIABLE = "example";

    /** The variable the example sections repeat over. */
    public static final String EXAMPLES_VARIABLE = "examples";

    /** The kinds of message section a template body has, by heading ({@code ## system}, ...). */
    enum SectionKind {
        SYSTEM("system", Role.SYSTEM),
        USER("user", Role.USER),
        ASSISTANT("assistant", Role.ASSISTANT),
        EXAMPLE_USER("example-user", Role.USER),
        EXAMPLE_ASSISTANT("example-assistant", Role.ASSISTANT);

        final String heading;
        final Role role;

        SectionKind(String heading, Role role) {
            this.heading = heading;
            this.role = role;
        }
    }

    /**
     * A compiled message section.
     *
     * @param kind        which message it makes
     * @param headingLine file line of its {@code ## ...} heading; the section text starts on the next line
     * @param template    the compiled Pebble template of the section text
     */
    record Section(SectionKind kind, int headingLine, PebbleTemplate template) {}

    /** A declared variable with its place in the front matter, for messages. */
    record DeclaredVariable(String name, int line, int column) {}

    private final String name;
    private final String description;
    private final List<String> types;
    private final List<DeclaredVariable> variables;
    private final String source;
    private final List<Section> sections;
    private final PebbleSandbox sandbox;

    PromptTemplate(String name, String description, List<String> types, List<DeclaredVariable> variables,
            String source, List<Section> sections, PebbleSandbox sandbox) {
        this.name = name;
        this.description = description;
        this.types = List.copyOf(types);
        this.variables = List.copyOf(variables);
        this.source = source;
        this.sections = List.copyOf(sections);
        this.sandbox = sandbox;
    }

    /** The template's name (its file name without {@code .md}). */
    public String name() {
        return name;
    }

    /** What the template is for (front matter {@code description}). */
    public String description() {
        return description;
    }

    /** The brief types it suits ({@code story}, {@code article}, ... or {@code any}). */
    public List<String> types() {
        return types;
    }

    /** The variables it needs from its caller (front matter {@code variables}). */
    public List<String> variables() {
        return variables.stream().map(DeclaredVariable::name).toList();
    }

    /** Where it was loaded from: a file path, or {@code classpath:templates/NAME.md}. */
    public String source() {
        return source;
    }

    /** True when the front matter lists this brief type, or {@code any}. */
    public boolean suits(BriefType type) {
        return types.contains(ANY_TYPE) || types.contains(type.yamlName());
    }

    /**
     * Renders every section into chat messages, in file order. Example sections are repeated once per entry of
     * the {@code examples} variable (a list of maps with {@code input} and {@code output}), giving user/assistant
     * pairs. A section that renders to nothing but whitespace gives no message; every message is stripped of
     * leading and trailing whitespace.
     *
     * @param values plain values only (strings, numbers, booleans, lists, maps, null)
     * @throws TemplateException naming this template's file and line when a variable is missing or the template
     *                           fails
     */
    public List<ChatMessage> expand(Map<String, Object> values) {
        List<TemplateProblem> missing = new ArrayList<>();
        for (DeclaredVariable variable : variables) {
            if (!values.containsKey(variable.name()) && !EXAMPLE_VARIABLE.equals(variable.name())) {
                missing.add(new TemplateProblem(source, variable.line(), variable.column(), "template '" + name
                        + "' needs the variable '" + variable.name() + "', which was not given"));
            }
        }
        if (!missing.isEmpty()) throw new TemplateException(missing);

        List<ChatMessage> messages = new ArrayList<>();
        for (int index = 0; index < sections.size(); index++) {
            Section section = sections.get(index);
            if (section.kind() == SectionKind.EXAMPLE_USER) {
                Section answer = sections.get(++index); // the parser guarantees the example-assistant pair
                for (Map<?, ?> example : examples(values, section)) {
                    Map<String, Object> withExample = new HashMap<>(values);
                    withExample.put(EXAMPLE_VARIABLE, example);
                    add(messages, section, withExample);
                    add(messages, answer, withExample);
                }
            } else {
                add(messages, section, values);
            }
        }
        return messages;
    }

    private List<Map<?, ?>> examples(Map<String, Object> values, Section section) {
        Object examples = values.get(EXAMPLES_VARIABLE);
        if (!(examples instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new TemplateException(new TemplateProblem(source, section.headingLine(), 1, "template '" + name
                    + "' repeats its example sections over 'examples', which must be given as a list of"
                    + " {input, output} maps"));
        }
        return list.stream().<Map<?, ?>>map(Map.class::cast).toList();
    }

    private void add(List<ChatMessage> messages, Section section, Map<String, Object> values) {
        String text;
        try {
            text = sandbox.render(section.template(), values);
        } catch (PebbleSandbox.SandboxRenderException e) {
            int line = e.line() > 0 ? section.headingLine() + e.line() : section.headingLine();
            throw new TemplateException(new TemplateProblem(source, line, 0, e.getMessage()));
        }
        String content = text.strip();
        if (!content.isEmpty()) {
            messages.add(new ChatMessage(section.kind().role, content));
        }
    }

    @Override
    public String toString() {
        return name + " (" + source + ")";
    }
}
