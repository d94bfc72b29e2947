package io.inkstone.pipeline;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ExportFormat;
import io.inkstone.compose.ComposeCancelledException;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.compose.ComposedPiece;
import io.inkstone.compose.FinishedDrafts;
import io.inkstone.compose.Composer;
import io.inkstone.export.ExportException;
import io.inkstone.export.ExportService;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.Generator;
import io.inkstone.llm.qwen3.ChatTemplateException;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import io.inkstone.compose.GenerationSummary;
import io.inkstone.export.ExportResult;
import io.inkstone.export.ExportSource;
import io.inkstone.render.FrontMatter;
import io.inkstone.render.NoteProperties;
import io.inkstone.vault.NoteDraft;
import io.inkstone.vault.SafeNames;
import io.inkstone.vault.VaultSettings;
import io.inkstone.vault.VaultWriter;
import io.inkstone.vault.WrittenNote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import io.inkstone.compose.PartReport;

/**
 * Writes one valid brief into the vault, one way and each stage once: compose (the model writes the piece) → the
 * note's properties and body ({@link NoteProperties}) → export PDF/EPUB from that note, in memory, into a staging
 * folder → the vault moves the exports into its attachments folder and writes the note last. The model is shared:
 * composition is queued (one brief at a time, first come first served), while exporting and filing run beside the
 * next brief's composition. The routes and {@code inkstone write} call it.
 */
public final class WritingService {

    private final Composer composer;
    private final ExportService exports;
    private final VaultSettings vaultSettings;
    private final VaultWriter vault;
    private final List<ExportFormat> defaultExports;
    private final Clock clock;
    /** Briefs composing at once: 1 for a generator that runs one generation at a time, else inkstone.concurrency. */
    private final Semaphore model;
    private final Object meter = new Object();
    private int composingNow;
    private long busySince;
    private long busyTokens;
    private final java.util.Map<Thread, int[]> together = new java.util.HashMap<>();
    private volatile FinishedDrafts drafts;

    /**
     * @param composer       writes pieces with the (shared) model
     * @param exports        makes PDF/EPUB files
     * @param vaultSettings  where notes (and the staging folder for their exports) go
     * @param defaultExports formats for a brief that lists no {@code export:}
     * @param clock          dates the notes
     */
    public WritingService(Composer composer, ExportService exports, VaultSettings vaultSettings, List<ExportFormat> defaultExports,
                          Clock clock) {
        this(composer, exports, vaultSettings, defaultExports, clock, 1);
    }

    /** @param concurrentBriefs briefs composed at once through the shared generator (the others wait their turn) */
    public WritingService(Composer composer, ExportService exports, VaultSettings vaultSettings, List<ExportFormat> defaultExports,
                          Clock clock, int concurrentBriefs) {
        this.model = new Semaphore(Math.max(1, concurrentBriefs), true);
        this.composer = composer;
        this.exports = exports;
        this.vaultSettings = vaultSettings;
        this.vault = new VaultWriter(vaultSettings);
        this.defaultExports = List.copyOf(defaultExports);
        this.clock = clock;
    }

    /**
     * The service for a run: the composer on {@code generator} with the settings' compose options, the vault and the
     * exports the settings name.
     */
    public static WritingService create(PipelineSettings settings, TemplateLibrary templates, Generator generator, Clock clock) {
        Composer composer = new Composer(generator, new PromptBuilder(templates), settings.compose());
        int together = generator.parallelism() > 1 ? settings.concurrency() : 1;
        return new WritingService(composer, ExportService.create(settings.exports()), settings.vaultSettings(),
                settings.exportFormats(), clock, together).keepDraftsIn(settings.folders().drafts());
    }

    /**
     * Keeps finished pieces in {@code folder} when exporting or filing fails, and files a kept piece instead of
     * composing again when the same brief (the same text-shaping content) comes back. Without it a failure after
     * composing loses nothing either way only when the caller keeps the piece.
     */
    public WritingService keepDraftsIn(Path folder) {
        this.drafts = folder == null ? null : new FinishedDrafts(folder);
        return this;
    }

    /** The finished text kept for this brief after an earlier failure (its Markdown body), if any. */
    public java.util.Optional<String> keptDraft(Brief brief) {
        FinishedDrafts kept = drafts;
        return kept == null ? java.util.Optional.empty() : kept.load(brief).map(ComposedPiece::markdown);
    }

    /** A service that only files pieces written by workers (a desk with a broker loads no model). */
    public static WritingService forFiling(PipelineSettings settings, Clock clock) {
        return new WritingService(null, ExportService.create(settings.exports()), settings.vaultSettings(),
                settings.exportFormats(), clock).keepDraftsIn(settings.folders().drafts());
    }

    /** A finished note and what writing it cost. */
    public record Written(WrittenNote note, ComposedPiece piece, WritingStats stats) {}

    /**
     * @param brief          a valid brief
     * @param checkpointFile where composition progress is kept so a restart resumes from the last finished section;
     *                       null for no resume
     * @param progress       composition progress (stage, section, tokens)
     * @param cancellation   set when Inkstone shuts down
     * @throws WritingInterruptedException when cancelled before the note was written (no note is written then)
     * @throws StageException naming the stage (template, compose, export, vault) of any other failure
     */
    public Written write(Brief brief, Path checkpointFile, ComposeProgress progress, Cancellation cancellation) {
        if (composer == null) throw new IllegalStateException("this desk has no model: its briefs are written by workers");
        FinishedDrafts kept = drafts;
        java.util.Optional<ComposedPiece> earlier = kept == null ? java.util.Optional.empty() : kept.load(brief);
        if (earlier.isPresent()) {
            // finished before an export or filing failure: file it now, without asking the model again
            BriefStages.LOG.info("brief=" + brief.id() + " composed text kept from an earlier attempt is filed; not regenerated");
            return file(brief, earlier.get(), Duration.ZERO, Duration.ZERO, kept);
        }
        long queued = System.nanoTime();
        ComposedPiece piece;
        Duration waited;
        try {
            while (!model.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) throw new WritingInterruptedException("stopped while waiting for the model");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WritingInterruptedException("interrupted while waiting for the model");
        }
        long composing;
        int[] peak = {0};
        double[] batchRate = {0};
        ComposedPiece[] done = {null};
        try {
            waited = Duration.ofNanos(System.nanoTime() - queued);
            composing = System.nanoTime();
            started(peak);
            piece = composer.write(brief, checkpointFile, progress, cancellation);
            done[0] = piece;
        } catch (ComposeCancelledException e) {
            throw new WritingInterruptedException("stopped while writing: " + e.getMessage());
        } catch (TemplateException | ChatTemplateException e) {
            throw new StageException(Stage.TEMPLATE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StageException(Stage.COMPOSE, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            model.release();
            batchRate[0] = finished(done[0]);
        }
        Duration composed = Duration.ofNanos(System.nanoTime() - composing);
        Written written = file(brief, piece, waited, composed, kept);
        return new Written(written.note(), written.piece(), new WritingStats(written.stats().generatedTokens(),
                written.stats().tokensPerSecond(), waited, composed, peak[0], batchRate[0]));
    }

    /** A brief starts composing: counts it into every running brief's peak. */
    private void started(int[] peak) {
        synchronized (meter) {
            if (composingNow == 0) {
                busySince = System.nanoTime();
                busyTokens = 0;
            }
            composingNow++;
            together.put(Thread.currentThread(), peak);
            for (int[] p : together.values()) p[0] = Math.max(p[0], composingNow);
        }
    }

    /** A brief stops composing (written or not); returns the batch's tokens per second in the current busy period. */
    private double finished(ComposedPiece piece) {
        synchronized (meter) {
            together.remove(Thread.currentThread());
            composingNow--;
            if (piece != null) for (PartReport part : piece.parts()) busyTokens += part.generatedTokens();
            double seconds = (System.nanoTime() - busySince) / 1e9;
            return seconds > 0 ? busyTokens / seconds : 0;
        }
    }

    /**
     * Exports and files a piece composed elsewhere (by a worker on another machine), exactly as {@link #write} does
     * after composing; a failure keeps the piece as {@link #write} does.
     *
     * @throws StageException naming the stage (export, vault) of a failure
     */
    public WrittenNote file(Brief brief, ComposedPiece piece) {
        return file(brief, piece, Duration.ZERO, Duration.ZERO, drafts).note();
    }

    /**
     * Exports and files a finished piece. When that fails the piece is kept ({@link FinishedDrafts}) before the
     * failure is reported, so the finished text is never lost and the same brief dropped again is filed from it.
     */
    private Written file(Brief brief, ComposedPiece piece, Duration waited, Duration composed, FinishedDrafts kept) {
        List<ExportFormat> formats = brief.exportsOr(defaultExports);
        GenerationSummary summary = piece.summary();
        ZonedDateTime created = ZonedDateTime.now(clock);
        FrontMatter note = NoteProperties.note(brief, summary, created, piece.markdown());
        Path staging = vaultSettings.newStagingFolder();
        WrittenNote written;
        try {
            List<ExportResult> exported = List.of();
            if (!formats.isEmpty()) {
                Files.createDirectories(staging);
                exported = exports.export(ExportSource.of(note, SafeNames.fileStem(brief.title(), brief.id()), staging, created.toInstant()), formats, staging,
                        vaultSettings.root());
            }
            written = vault.file(new NoteDraft(brief, note, created, exported));
        } catch (ExportException e) {
            throw keep(brief, piece, kept, new StageException(Stage.EXPORT, e.getMessage(), e));
        } catch (IOException | RuntimeException e) {
            throw keep(brief, piece, kept, new StageException(Stage.VAULT, e.getMessage() == null ? e.toString() : e.getMessage(), e));
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw keep(brief, piece, kept, new StageException(Stage.EXPORT, "the export ran out of "
                    + (e instanceof StackOverflowError ? "stack (the text is nested too deeply)" : "memory"), e));
        } finally {
            deleteRecursively(staging);
        }
        if (kept != null) {
            try {
                kept.remove(brief);
            } catch (IOException e) {
                BriefStages.LOG.warn("could not remove the kept draft " + kept.fileFor(brief) + ": " + e.getMessage());
            }
        }
        return new Written(written, piece, new WritingStats(summary.generatedTokens(), summary.tokensPerSecond(), waited, composed,
                1, summary.tokensPerSecond()));
    }

    private static StageException keep(Brief brief, ComposedPiece piece, FinishedDrafts kept, StageException failure) {
        if (kept == null) return failure;
        try {
            kept.save(brief, piece);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            BriefStages.LOG.error("brief=" + brief.id() + " could not keep the composed text in " + kept.fileFor(brief)
                    + ": " + e.getMessage());
        }
        return failure;
    }

    private static void deleteRecursively(Path dir) {
        if (Files.notExists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            BriefStages.LOG.warn("could not remove the staging folder {}: {}", dir, e.getMessage());
        }
    }
}
