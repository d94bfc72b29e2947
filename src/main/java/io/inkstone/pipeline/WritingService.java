package io.inkstone.pipeline;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ExportFormat;
import io.inkstone.compose.ComposeCancelledException;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.compose.ComposedPiece;
import io.inkstone.compose.Composer;
import io.inkstone.compose.PartReport;
import io.inkstone.export.ExportException;
import io.inkstone.export.ExportService;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.ChatTemplateException;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import io.inkstone.vault.Attachment;
import io.inkstone.vault.GenerationSummary;
import io.inkstone.vault.NoteDraft;
import io.inkstone.vault.NoteExporter;
import io.inkstone.vault.VaultWriter;
import io.inkstone.vault.WrittenNote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * Writes one valid brief into the vault: composes it with the model, then exports it and files the note. The
 * model is shared: composition is queued (one brief at a time, first come first served), while exporting and
 * filing run beside the next brief's composition. The routes and {@code inkstone write} call it.
 */
public final class WritingService {

    private final Composer composer;
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

    /**
     * @param composer       writes pieces with the (shared) model
     * @param vault          files notes
     * @param defaultExports formats for a brief that lists no {@code export:}
     * @param clock          dates the notes
     */
    public WritingService(Composer composer, VaultWriter vault, List<ExportFormat> defaultExports, Clock clock) {
        this(composer, vault, defaultExports, clock, 1);
    }

    /** @param concurrentBriefs briefs composed at once through the shared generator (the others wait their turn) */
    public WritingService(Composer composer, VaultWriter vault, List<ExportFormat> defaultExports, Clock clock, int concurrentBriefs) {
        this.model = new Semaphore(Math.max(1, concurrentBriefs), true);
        this.composer = composer;
        this.vault = vault;
        this.defaultExports = List.copyOf(defaultExports);
        this.clock = clock;
    }

    /**
     * The service for a run: the composer on {@code generator} with the settings' compose options, the vault and the
     * exports the settings name.
     */
    public static WritingService create(PipelineSettings settings, TemplateLibrary templates, Generator generator, Clock clock) {
        Composer composer = new Composer(generator, new PromptBuilder(templates), settings.compose());
        VaultWriter vault = new VaultWriter(settings.vaultSettings(), exporter(ExportService.create(settings.exports())));
        int together = generator.parallelism() > 1 ? settings.concurrency() : 1;
        return new WritingService(composer, vault, settings.exportFormats(), clock, together);
    }

    /** The export stage as the vault writer calls it. */
    public static NoteExporter exporter(ExportService exports) {
        return (note, formats, outDir) -> exports.export(note, formats, outDir).stream()
                .map(r -> new Attachment(r.format(), r.file(), r.engine())).toList();
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
        ComposedPiece[] written = {null};
        try {
            waited = Duration.ofNanos(System.nanoTime() - queued);
            composing = System.nanoTime();
            started(peak);
            piece = composer.write(brief, checkpointFile, progress, cancellation);
            written[0] = piece;
        } catch (ComposeCancelledException e) {
            throw new WritingInterruptedException("stopped while writing: " + e.getMessage());
        } catch (TemplateException | ChatTemplateException e) {
            throw new StageException(Stage.TEMPLATE, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StageException(Stage.COMPOSE, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            model.release();
            batchRate[0] = finished(peak, written[0]);
        }
        Duration composed = Duration.ofNanos(System.nanoTime() - composing);

        List<ExportFormat> exports = brief.exportsOr(defaultExports);
        NoteDraft draft = new NoteDraft(brief, piece.markdown(), summary(piece), ZonedDateTime.now(clock), exports);
        WrittenNote note;
        try {
            note = vault.write(draft);
        } catch (ExportException e) {
            throw new StageException(Stage.EXPORT, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new StageException(Stage.VAULT, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        GenerationSummary summary = draft.generation();
        return new Written(note, piece, new WritingStats(summary.generatedTokens(), summary.tokensPerSecond(), waited, composed,
                peak[0], batchRate[0]));
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
    private double finished(int[] peak, ComposedPiece piece) {
        synchronized (meter) {
            together.remove(Thread.currentThread());
            composingNow--;
            if (piece != null) for (PartReport part : piece.parts()) busyTokens += part.generatedTokens();
            double seconds = (System.nanoTime() - busySince) / 1e9;
            return seconds > 0 ? busyTokens / seconds : 0;
        }
    }

    /**
     * What the model did, for the note's properties. Time is the generation time of every part, so a piece resumed
     * after a restart counts its earlier sections too (as its token count does).
     */
    static GenerationSummary summary(ComposedPiece piece) {
        LinkedHashSet<StopReason> reasons = new LinkedHashSet<>();
        double seconds = 0;
        for (PartReport part : piece.parts()) {
            reasons.addAll(part.stopReasons());
            seconds += part.seconds();
        }
        return new GenerationSummary(piece.modelName(), piece.target(), piece.achievedLength(), piece.target().unit(),
                List.copyOf(reasons), piece.totalGeneratedTokens(), Duration.ofNanos((long) (seconds * 1e9)));
    }
}
