package io.inkstone.brief;

import java.util.List;

/**
 * What {@link BriefParser} made of a file: a valid brief and no problems, or no brief and every problem found.
 *
 * @param brief    the brief, or null when there are problems
 * @param problems all problems, in file order (empty when the brief is valid)
 */
public record BriefParseResult(Brief brief, List<BriefProblem> problems) {

    public BriefParseResult {
        problems = problems == null ? List.of() : List.copyOf(problems);
        if (brief != null && !problems.isEmpty()) throw new IllegalArgumentException("a brief with problems is not valid");
        if (brief == null && problems.isEmpty()) throw new IllegalArgumentException("an invalid brief needs at least one problem");
    }

    /** True when the brief is valid. */
    public boolean ok() {
        return brief != null;
    }

    static BriefParseResult valid(Brief brief) {
        return new BriefParseResult(brief, List.of());
    }

    static BriefParseResult invalid(List<BriefProblem> problems) {
        return new BriefParseResult(null, problems);
    }
}
