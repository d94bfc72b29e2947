package io.inkstone.pipeline;

import io.inkstone.brief.BriefProblem;
import java.util.List;

/** A brief is not valid; carries every located problem ({@code file:line:column: message (hint)}). */
public class BriefRejectedException extends RuntimeException {
    private final List<BriefProblem> problems;

    public BriefRejectedException(List<BriefProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the brief: " + problems.getFirst().format()
                + (problems.size() > 1 ? " ..." : ""));
        this.problems = List.copyOf(problems);
    }

    public List<BriefProblem> problems() { return problems; }
}
