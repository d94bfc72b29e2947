package io.inkstone.pipeline;

import io.inkstone.brief.Brief;
import io.inkstone.vault.WrittenNote;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One brief on its way through the routes (the message body). A brief from the inbox has a claim
 * ({@code in-progress/<claim>/<name>}); a schedule firing has none and its file stays in schedules/.
 */
public final class BriefJob {

    private final Path file;
    private final String claim;
    private final Instant started;
    private volatile Stage stage;
    private volatile Brief brief;
    private volatile WrittenNote note;
    private volatile WritingStats stats;
    private volatile String readVersion;
    private volatile boolean queued;

    private BriefJob(Path file, String claim, Instant started) {
        this.file = file;
        this.claim = claim;
        this.started = started;
        this.stage = Stage.VALIDATE;
    }

    /** A brief claimed from the inbox, now at {@code in-progress/<claim>/<name>}. */
    static BriefJob claimed(Path file, String claim, Instant started) {
        return new BriefJob(file, claim, started);
    }

    /** A firing of the schedule brief {@code file} (in schedules/). */
    static BriefJob scheduled(Path file, Instant started) {
        return new BriefJob(file, null, started);
    }

    /** The brief file: in in-progress/ for inbox briefs, in schedules/ for schedule firings. */
    public Path file() { return file; }

    /** Size and modification time of the brief file when it was read (null before). */
    public String readVersion() { return readVersion; }

    void readVersion(String version) { this.readVersion = version; }

    /** The file's name as the user gave it. */
    public String name() { return file.getFileName().toString(); }

    /** The claim id, or null for a schedule firing. */
    public String claim() { return claim; }

    public boolean isScheduled() { return claim == null; }

    public Instant started() { return started; }

    public Stage stage() { return stage; }

    void stage(Stage s) { this.stage = s; }

    /** The parsed brief, once validated. */
    public Brief brief() { return brief; }

    void brief(Brief b) { this.brief = b; }

    /** The note written, once filed. */
    public WrittenNote note() { return note; }

    void note(WrittenNote n) { this.note = n; }

    /** What the model did, once composed (null when the note was already written before a restart). */
    public WritingStats stats() { return stats; }

    void stats(WritingStats s) { this.stats = s; }

    /** True once the brief was handed to the broker: a worker writes it and the desk files the result later. */
    public boolean queued() { return queued; }

    void queued(boolean q) { this.queued = q; }

    @Override
    public String toString() {
        return claim == null ? "schedule " + file : "in-progress/" + claim + "/" + name();
    }
}
