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
import java.util.function.Function;
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
    private final Function<String, ComposeProgress> progress;
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    /** Running generations by claim, for a Stop from the dashboard. */
    private final ConcurrentHashMap<String, Cancellation> runningByClaim = new ConcurrentHashMap<>();
    /** Claims stopped by the user: they stay in in-progress/ until continued (or the next start). */
    private final Set<String> stoppedByUser = ConcurrentHashMap.newKeySet();
    private volatile WritingEvents events = WritingEvents.NONE;
    private volatile boolean stopping;
    /** Set on a desk with a broker ({@code inkstone run --queue}): briefs are published, not written here. */
    private volatile BriefPublisher publisher;

    /** Takes note of the briefs a previous run left in in-progress/; call it before the routes start. */
    BriefStages(Inbox inbox, Ledger ledger, BriefParser parser, WritingService writing, int resumeMaxAttempts, Clock clock,
                Function<String, ComposeProgress> progress) throws IOException {
        this.progress = progress;
        this.inbox = inbox;
        this.ledger = ledger;
        this.parser = parser;
        this.writing = writing;
        this.resumeMaxAttempts = resumeMaxAttempts;
        this.clock = clock;
        this.leftInProgress = inbox.inProgress();
    }

    /** Hands every brief to {@code p} instead of writing it here (a desk with a broker). */
    void publishTo(BriefPublisher p) {
        this.publisher = p;
    }

    Inbox inbox() { return inbox; }

    Ledger ledger() { return ledger; }

    /** Route inbox: moves a dropped brief into in-progress/ (so it survives a crash) and starts its job; {@link #read} follows. */
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

    /**
     * Routes inbox and resume (at intake, before the brief is queued for the model) and schedule firings: reads and
     * validates the brief; throws with every located problem.
     */
    public BriefJob read(BriefJob job) throws IOException {
        checkNotStopping();
        if (!job.isScheduled() && publisher == null && ledger.count(job.claim(), Ledger.Event.RESUMED) > resumeMaxAttempts) {
            job.stage(Stage.RESUME);
            throw new StageException(Stage.RESUME, "Inkstone stopped " + ledger.count(job.claim(), Ledger.Event.RESUMED)
                    + " times while writing this brief; it is not tried again (setting inkstone.resume.maxAttempts="
                    + resumeMaxAttempts + ")", null);
        }
        job.stage(Stage.VALIDATE);
        job.readVersion(versionOf(job.file()));
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
        BriefPublisher remote = publisher;
        if (remote != null) {
            job.stage(Stage.QUEUE);
            // a brief published before a desk restart is in the broker already: not sent twice
            if (job.isScheduled() || ledger.last(job.claim(), Ledger.Event.QUEUED).isEmpty()) remote.publish(job);
            job.queued(true);
            return job;
        }
        job.stage(Stage.COMPOSE);
        Cancellation cancellation = new Cancellation();
        running.add(cancellation);
        if (!job.isScheduled()) runningByClaim.put(job.claim(), cancellation);
        WritingService.Written written;
        try {
            if (stopping) cancellation.cancel("Inkstone is stopping");
            ComposeProgress watched = progress.apply(job.name()).and(events.started(key(job), job.name()));
            written = writing.write(job.brief(), job.isScheduled() ? null : inbox.folders().checkpoint(job.claim()),
                    watched, cancellation);
        } finally {
            running.remove(cancellation);
            if (!job.isScheduled()) runningByClaim.remove(job.claim(), cancellation);
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
        return archiveWith(job, null);
    }

    /** Archives, adding {@code detail} (who wrote it) to the log line. */
    BriefJob archiveWith(BriefJob job, String detail) throws IOException {
        if (job.queued()) {
            LOG.info(line(job, "queued", seconds(job)) + " (a worker writes it; the note is filed when its result comes back)");
            return job;
        }
        job.stage(Stage.ARCHIVE);
        recheckUnchanged(job);
        Path archived = inbox.archive(job.file());
        Files.deleteIfExists(inbox.folders().checkpoint(job.claim()));
        double seconds = seconds(job);
        ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.ARCHIVED, job.claim(), job.name())
                .withNote(job.note().note().toString()).withDetail(archived.toString()).withSeconds(seconds));
        LOG.info(line(job, "done", seconds) + (detail == null ? "" : " " + detail) + " note=" + job.note().note()
                + (job.stats() == null ? " (written before a restart)" : ""));
        events.finished(key(job), job.name(), "done", job.note().note().toString());
        return job;
    }

    /**
     * A brief file that changed after it was read (a writer that paused longer than the inbox waits, then went on
     * writing) is checked again: when its text-shaping content is still the same it is archived as usual; otherwise
     * the note was written from an earlier version, and the brief goes to failed/ saying so, with the new version's
     * problems if it has any, instead of being marked done.
     */
    private void recheckUnchanged(BriefJob job) {
        if (job.isScheduled() || job.readVersion() == null || job.brief() == null) return;
        String now;
        try {
            now = versionOf(job.file());
        } catch (IOException e) {
            return;
        }
        if (now.equals(job.readVersion())) return;
        BriefParseResult again = parser.parse(job.file());
        if (again.ok() && again.brief().equals(job.brief())) return;
        String note = job.note() == null ? "" : " The note " + job.note().note().getFileName() + " was written from the version read first.";
        if (!again.ok()) {
            throw new StageException(Stage.ARCHIVE, "the brief changed after it was read and is no longer valid." + note
                    + " Problems of the new version: " + again.problems().stream().map(Object::toString)
                    .reduce((a, b) -> a + "; " + b).orElse("") + ". Fix it and drop it in again.", null);
        }
        throw new StageException(Stage.ARCHIVE, "the brief changed after it was read (it was still being written?)." + note
                + " Drop it into the inbox again to write the new version.", null);
    }

    /** Size and modification time of a file, to notice a change. */
    static String versionOf(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return a.size() + "@" + a.lastModifiedTime().toMillis();
    }

    /** Error route configuration: moves a failed brief to failed/ with its report, or reports beside a schedule. */
    public void failed(Exchange exchange) throws IOException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        if (body instanceof BriefJob job) {
            if (isInterruption(error)) {
                if (!job.isScheduled() && stoppedByUser.remove(job.claim())) {
                    LOG.info(line(job, "stopped", seconds(job)) + " (stopped by the user; finished sections are kept and Continue resumes it)");
                    events.finished(key(job), job.name(), "stopped", "stopped by the user");
                    return;
                }
                events.finished(key(job), job.name(), "stopped", "Inkstone is stopping");
                LOG.info(line(job, "stopped", seconds(job)) + " (Inkstone is stopping; "
                        + (job.isScheduled() ? "the schedule runs again at its next time)" : "the brief resumes at the next start)"));
                return;
            }
            double seconds = seconds(job);
            Path report = fileFailure(job, FailureReport.stageOf(error, job.stage()), error);
            LOG.warn(line(job, "failed", seconds) + " report=" + report + " error=" + firstLine(error));
            events.finished(key(job), job.name(), "failed", firstLine(error));
            return;
        }
        String path = exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
        if (path == null || Files.notExists(Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            LOG.error("outcome=failed stage=" + Stage.CLAIM.label() + " error=" + firstLine(error), error);
            return;
        }
        Path moved = inbox.fail(Path.of(path), target -> FailureReport.render(target, FailureReport.Placement.FAILED, Stage.CLAIM, error, ZonedDateTime.now(clock)));
        LOG.warn("brief=" + Path.of(path).getFileName() + " outcome=failed stage=" + Stage.CLAIM.label()
                + " report=" + Inbox.errorReportFor(moved) + " error=" + firstLine(error));
    }

    /**
     * Records that {@code job} failed at {@code stage}: a schedule firing gets its report beside the schedule file; a
     * brief moves to failed/ with its report and, when its text was finished, that text beside it
     * ({@link #keepDraftBeside}); its checkpoint goes and the ledger says FAILED. Returns the report's path. The
     * watcher's error route and the desk (a worker's failure sent back) both file failures through here.
     */
    Path fileFailure(BriefJob job, Stage stage, Throwable error) throws IOException {
        job.stage(stage);
        ZonedDateTime now = ZonedDateTime.now(clock);
        if (job.isScheduled()) {
            inbox.reportBeside(job.file(), FailureReport.render(job.file(), FailureReport.Placement.SCHEDULE_FIRING, stage, error, now));
            return Inbox.errorReportFor(job.file());
        }
        Path moved = inbox.fail(job.file(), target -> FailureReport.render(target, FailureReport.Placement.FAILED, stage, error, now));
        Path report = Inbox.errorReportFor(moved);
        keepDraftBeside(job, moved, report);
        Files.deleteIfExists(inbox.folders().checkpoint(job.claim()));
        ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.FAILED, job.claim(), job.name())
                .withDetail(stage.label() + ": " + firstLine(error)).withSeconds(seconds(job)));
        return report;
    }

    /** Where live views send what is being written. */
    void events(WritingEvents listener) {
        this.events = listener == null ? WritingEvents.NONE : listener;
    }

    private static String key(BriefJob job) {
        return job.isScheduled() ? "schedule:" + job.name() : job.claim();
    }

    /**
     * Stops the brief with this claim for real: its generation is cancelled after the current token, finished sections
     * stay in its checkpoint, and the brief stays in in-progress/ until {@link #continuing} (or the next start).
     *
     * @return false when no brief with this claim is being written
     */
    boolean stop(String claim) {
        Cancellation c = runningByClaim.get(claim);
        if (c == null) return false;
        stoppedByUser.add(claim);
        c.cancel("stopped by the user");
        return true;
    }

    /**
     * A brief in in-progress/ that is not being written (stopped, or left by a previous run), read and validated again
     * to be queued for writing; it resumes from its checkpoint.
     *
     * @throws IllegalStateException when there is no such brief or it is being written
     */
    BriefJob continuing(String claim) throws IOException {
        if (runningByClaim.containsKey(claim)) throw new IllegalStateException("that brief is being written already");
        for (Path file : inbox.inProgress()) {
            if (!Inbox.claimOf(file).equals(claim)) continue;
            leftInProgress.remove(file);
            BriefJob job = BriefJob.claimed(file, claim, clock.instant());
            ledger.append(Ledger.Entry.of(job.started(), Ledger.Event.CLAIMED, job.claim(), job.name()));
            return read(job);
        }
        throw new IllegalStateException("no brief " + claim + " in in-progress/ (it may have finished or failed meanwhile)");
    }

    /**
     * When the brief's text was finished before the failure (export or filing failed), puts that text beside the
     * failed brief as {@code NAME.draft.md} and says so in the report: finished writing is never lost, and dropping
     * the brief in again files the kept text without asking the model again.
     */
    private void keepDraftBeside(BriefJob job, Path movedBrief, Path report) {
        if (job.brief() == null) return;
        java.util.Optional<String> text = writing.keptDraft(job.brief());
        if (text.isEmpty()) return;
        String name = movedBrief.getFileName().toString().replaceFirst("(?i)\\.ya?ml$", "");
        Path draft = movedBrief.resolveSibling(name + ".draft.md");
        try {
            Files.writeString(draft, text.get(), java.nio.file.StandardOpenOption.CREATE_NEW);
            if (Files.exists(report)) {
                Files.writeString(report, "\n## The finished text is kept\n\nThe piece was written completely before this "
                        + "failure. It is in `" + draft.getFileName() + "` beside this report. Fix the problem above and drop "
                        + "the brief into the inbox again: the kept text is filed without asking the model again.\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            LOG.warn("brief=" + job.name() + " could not write " + draft + " (" + e.getMessage() + "); the finished text "
                    + "is still kept in " + inbox.folders().drafts());
        }
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
