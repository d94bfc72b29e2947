package io.inkstone.prompt;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A prompt template could not be loaded or expanded. The message lists every problem, one per line, in compiler
 * format ({@code file:line:column: message}).
 */
public class TemplateException extends RuntimeException {

    private final transient List<TemplateProblem> problems;

    public TemplateException(List<TemplateProblem> problems) {
        super(problems.stream().map(TemplateProblem::format).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public TemplateException(TemplateProblem problem) {
        this(List.of(problem));
    }

    /** A problem with no file location (for example a name no template has). */
    protected TemplateException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** The located problems (empty for a problem with no location). */
    public List<TemplateProblem> problems() {
        return problems;
    }
}
