package io.inkstone.pipeline;

import io.inkstone.brief.BriefProblem;
import java.util.List;

/** A brief is not valid; carries every located problem ({@code file:line:column: message (hint)}). */
public class BriefRejectedException extends RuntimeException {
    private final List<BriefProblem> problems;

    public BriefRejectedException(List<BriefProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public List<BriefProblem> problems() { return problems; }

    /** {@code name.yaml:3:7: message (hint) (and 2 more problems)}. */
    private static String summary(List<BriefProblem> problems) {
        BriefProblem first = problems.getFirst();
        BriefProblem shown = new BriefProblem(first.file() == null ? null : first.file().getFileName(), first.line(), first.column(),
                first.message(), first.hint());
        int more = problems.size() - 1;
        return shown.format() + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")");
    }
}
