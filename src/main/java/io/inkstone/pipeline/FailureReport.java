package io.inkstone.pipeline;

import io.inkstone.brief.BriefProblem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code NAME.error.md} written beside a brief that failed: what failed, where (file:line:column for validation
 * problems), and what to do.
 */
final class FailureReport {

    /** Where the failed brief is and what happens to it next. */
    enum Placement {
        /** moved to failed/ */
        FAILED("exactly as you wrote it.", "Then drop the brief into the inbox again."),
        /** a schedule brief in schedules/ that cannot be registered */
        SCHEDULE_NOT_REGISTERED("not registered until it is fixed.", "Inkstone reads the file again as soon as it changes."),
        /** one firing of a registered schedule failed */
        SCHEDULE_FIRING("still registered.", "The schedule runs again at its next time; this report goes once a firing succeeds.");

        private final String state;
        private final String next;

        Placement(String state, String next) {
            this.state = state;
            this.next = next;
        }
    }

    private FailureReport() {}

    /** The stage a failure belongs to: the one the error names, else the one the brief was in. */
    static Stage stageOf(Throwable error, Stage current) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BriefRejectedException) return Stage.VALIDATE;
            if (t instanceof StageException s) return s.stage();
        }
        return current;
    }

    /**
     * @param brief     the brief as it lies now (in failed/ or schedules/), named in located problems
     * @param placement where it is and what happens next
     */
    static String render(Path brief, Placement placement, Stage stage, Throwable error, ZonedDateTime when) {
        String name = brief.getFileName().toString();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append(" failed").append("\n\n");
        md.append("- **Stage:** ").append(stage.label()).append(" (").append(stage.doing()).append(")\n");
        md.append("- **When:** ").append(when.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append("\n");
        md.append("- **Brief:** `").append(name).append("`, beside this report, ").append(placement.state).append('\n');
        md.append("\n## What went wrong\n\n```text\n");
        List<BriefProblem> problems = problemsOf(error);
        if (problems != null) {
            for (BriefProblem p : problems) {
                md.append(new BriefProblem(brief.getFileName(), p.line(), p.column(), p.message(), p.hint()).format()).append('\n');
            }
        } else {
            for (String line : messages(error)) md.append(line).append('\n');
        }
        md.append("```\n\n## What to do\n\n").append(stage.advice()).append(' ').append(placement.next).append('\n');
        if (problems == null && stage != Stage.RESUME) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            md.append("\n<details><summary>Technical details (for a bug report)</summary>\n\n```text\n")
                    .append(trace.toString().strip()).append("\n```\n\n</details>\n");
        }
        return md.toString();
    }

    /** The error's message and its causes' (each once), the way a user reads them. */
    static List<String> messages(Throwable error) {
        List<String> lines = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName()
                    // a file-system error's message is only the path: say what happened to it
                    : t instanceof java.nio.file.FileSystemException ? t.getClass().getSimpleName() + ": " + t.getMessage()
                    : t.getMessage();
            if (lines.stream().noneMatch(l -> l.contains(message))) lines.add((lines.isEmpty() ? "" : "caused by: ") + message);
        }
        return lines;
    }

    private static List<BriefProblem> problemsOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BriefRejectedException r) return r.problems();
        }
        return null;
    }
}
