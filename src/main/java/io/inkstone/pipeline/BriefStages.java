package io.inkstone.pipeline;

import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.llm.Cancellation;
import io.inkstone.vault.WrittenNote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps the route files call ({@code bean: {ref: briefs, method: ...}}): claim a dropped brief, resume the
 * ones a stop left behind, read and validate, write the note, archive, and report failures. Thin: the work is done
 * by {@link Inbox}, {@link BriefParser} and the {@link WritingService}.
 */
public final class BriefStages {

    /** One line per brief: {@code brief=<file> outcome=done|failed|scheduled|stopped stage=... took=...}. */
    static final Logger LOG = LoggerFactory.getLogger("inkstone");

    private final Inbox inbox;
    private final Ledger ledger;
    private final BriefParser parser;
    private final WritingService writing;
    private final int resumeMaxAttempts;
    private final Clock clock;
    private final List<Path> leftInProgress;
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Takes note of the briefs a previous run left in in-progress/; call it before the routes start. */
    BriefStages(Inbox inbox, Ledger ledger, BriefParser parser, WritingService writing, int resumeMaxAttempts, Clock clock) throws IOException {
        this.inbox = inbox;
        this.ledger = ledger;
        this.parser = parser;
        this.writing = writing;
        this.resumeMaxAttempts = resumeMaxAttempts;
        this.clock = clock;
        this.leftInProgress = inbox.inProgress();
    }

    /** Route inbox: moves a dropped brief into in-progress/ (so it survives a crash) and starts its job. */
    public BriefJob claim(@Header(Exchange.FILE_PATH) String queued) throws IOException {
        Path claimed = inbox.claim(Path.of(queued));
        BriefJob job = BriefJob.claimed(claimed, Inbox.claimOf(claimed), clock.instant());
        ledger.append(Ledger.Entry.of(job.started(), Ledger.Event.CLAIMED, job.claim(), job.name()));
        return job;
    }

    /** Route resume: the briefs that were in progress when Inkstone last stopped, each exactly once. */
    public List<BriefJob> resumable() throws IOException {
        List<BriefJob> jobs = new ArrayList<>();
        for (Path file : leftInProgress) {
            if (Files.notExists(file)) continue;
            BriefJob job = BriefJob.claimed(file, Inbox.claimOf(file), clock.instant());
            ledger.append(Ledger.Entry.of(job.started(), Ledger.Event.RESUMED, job.claim(), job.name()));
            jobs.add(job);
        }
        leftInProgress.clear();
        return jobs;
    }

    /** Route briefs (and schedule firings): reads and validates the brief; throws with every located problem. */
    public BriefJob read(BriefJob job) throws IOException {
        checkNotStopping();
        if (!job.isScheduled() && ledger.count(job.claim(), Ledger.Event.RESUMED) > resumeMaxAttempts) {
            job.stage(Stage.RESUME);
            throw new StageException(Stage.RESUME, "Inkstone stopped " + ledger.count(job.claim(), Ledger.Event.RESUMED)
                    + " times while writing this brief; it is not tried again (setting inkstone.resume.maxAttempts="
                    + resumeMaxAttempts + ")", null);
        }
        job.stage(Stage.VALIDATE);
        BriefParseResult result = parser.parse(job.file());
        if (!result.ok()) throw new BriefRejectedException(result.problems());
        job.brief(result.brief());
        return job;
    }

    /** True when the brief has a schedule (it is registered instead of written once). */
    public boolean hasSchedule(BriefJob job) {
        return job.brief().schedule() != null;
    }

    /**
     * Route write: composes the brief with the model (queued: one brief at a time), exports and files the note.
     * A brief whose note was already written before a crash is not written again.
     */
    public BriefJob write(BriefJob job) throws Exception {
        checkNotStopping();
        if (!job.isScheduled()) {
            Optional<Ledger.Entry> written = ledger.last(job.claim(), Ledger.Event.WRITTEN);
            if (written.isPresent()) { // claims are unique: this brief's note is in the vault already
                job.note(new WrittenNote(Path.of(written.get().note()), List.of()));
                return job;
            }
        }
        job.stage(Stage.COMPOSE);
        Cancellation cancellation = new Cancellation();
        running.add(cancellation);
        WritingService.Written written;
        try {
            if (stopping) cancellation.cancel("Inkstone is stopping");
            written = writing.write(job.brief(), job.isScheduled() ? null : inbox.folders().checkpoint(job.claim()),
                    ComposeProgress.NONE, cancellation);
        } finally {
            running.remove(cancellation);
        }
        job.note(written.note());
        job.stats(written.stats());
        job.stage(Stage.VAULT);
        if (!job.isScheduled()) {
            ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.WRITTEN, job.claim(), job.name())
                    .withNote(written.note().note().toString()));
        }
        return job;
    }

    /** Route write: moves the finished brief to the archive and logs its line. */
    public BriefJob archive(BriefJob job) throws IOException {
        job.stage(Stage.ARCHIVE);
        Path archived = inbox.archive(job.file());
        Files.deleteIfExists(inbox.folders().checkpoint(job.claim()));
        double seconds = seconds(job);
        ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.ARCHIVED, job.claim(), job.name())
                .withNote(job.note().note().toString()).withDetail(archived.toString()).withSeconds(seconds));
        LOG.info(line(job, "done", seconds) + " note=" + job.note().note() + (job.stats() == null ? " (written before a restart)" : ""));
        return job;
    }

    /** Error route configuration: moves a failed brief to failed/ with its report, or reports beside a schedule. */
    public void failed(Exchange exchange) throws IOException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        if (body instanceof BriefJob job) {
            if (isInterruption(error)) {
                LOG.info(line(job, "stopped", seconds(job)) + " (Inkstone is stopping; "
                        + (job.isScheduled() ? "the schedule runs again at its next time)" : "the brief resumes at the next start)"));
                return;
            }
            Stage stage = FailureReport.stageOf(error, job.stage());
            job.stage(stage);
            ZonedDateTime now = ZonedDateTime.now(clock);
            double seconds = seconds(job);
            Path report;
            if (job.isScheduled()) {
                inbox.reportBeside(job.file(), FailureReport.render(job.file(), FailureReport.Placement.SCHEDULE_FIRING, stage, error, now));
                report = Inbox.errorReportFor(job.file());
            } else {
                Path moved = inbox.fail(job.file(), target -> FailureReport.render(target, FailureReport.Placement.FAILED, stage, error, now));
                report = Inbox.errorReportFor(moved);
                Files.deleteIfExists(inbox.folders().checkpoint(job.claim()));
                ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.FAILED, job.claim(), job.name())
                        .withDetail(stage.label() + ": " + firstLine(error)).withSeconds(seconds));
            }
            LOG.warn(line(job, "failed", seconds) + " report=" + report + " error=" + firstLine(error));
            return;
        }
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        if (path == null || Files.notExists(Path.of(path))) {
            LOG.error("outcome=failed stage=" + Stage.CLAIM.label() + " error=" + firstLine(error), error);
            return;
        }
        Path moved = inbox.fail(Path.of(path), target -> FailureReport.render(target, FailureReport.Placement.FAILED, Stage.CLAIM, error, ZonedDateTime.now(clock)));
        LOG.warn("brief=" + Path.of(path).getFileName() + " outcome=failed stage=" + Stage.CLAIM.label()
                + " report=" + Inbox.errorReportFor(moved) + " error=" + firstLine(error));
    }

    /** Stops new work and cancels running generations; their briefs stay in in-progress/ and resume at the next start. */
    void stopping() {
        stopping = true;
        for (Cancellation c : running) c.cancel("Inkstone is stopping");
    }

    void checkNotStopping() {
        if (stopping) throw new WritingInterruptedException("Inkstone is stopping");
    }

    static boolean isInterruption(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) if (t instanceof WritingInterruptedException) return true;
        return false;
    }

    /**
     * {@code brief=<file> outcome=<outcome> stage=<stage> took=<s> [waited=<s> tokens=<n> tok/s=<x> batch=<briefs at once>
     * batch_tok/s=<all briefs' tokens per second>]}.
     */
    static String line(BriefJob job, String outcome, double seconds) {
        StringBuilder sb = new StringBuilder("brief=").append(job.name()).append(" outcome=").append(outcome)
                .append(" stage=").append(job.stage().label()).append(" took=").append(format(seconds));
        WritingStats stats = job.stats();
        if (stats != null) {
            sb.append(" waited=").append(format(stats.waitedForModel().toMillis() / 1000.0))
                    .append(" tokens=").append(stats.generatedTokens())
                    .append(" tok/s=").append(String.format(Locale.ROOT, "%.1f", stats.tokensPerSecond()))
                    .append(" batch=").append(stats.briefsTogether())
                    .append(" batch_tok/s=").append(String.format(Locale.ROOT, "%.1f", stats.batchTokensPerSecond()));
        }
        return sb.toString();
    }

    private double seconds(BriefJob job) {
        return Duration.between(job.started(), clock.instant()).toMillis() / 1000.0;
    }

    static String format(double seconds) {
        return String.format(Locale.ROOT, "%.1fs", seconds);
    }

    static String firstLine(Throwable error) {
        if (error == null) return "unknown error";
        String m = FailureReport.messages(error).getFirst();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }
}
