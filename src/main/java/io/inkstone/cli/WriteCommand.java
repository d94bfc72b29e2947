package io.inkstone.cli;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.BriefProblem;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.compose.PeriodicProgress;
import io.inkstone.compose.PartReport;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.Generator;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.Setting;
import io.inkstone.pipeline.StageException;
import io.inkstone.pipeline.WritingInterruptedException;
import io.inkstone.pipeline.WritingService;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import io.inkstone.vault.Attachment;
import io.inkstone.vault.SafeNames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inkstone write BRIEF [--model DIR] [--out DIR]}: writes the note for one brief, without the watcher, showing
 * progress (stage, section i/n, tokens/s, time left). Ctrl-C stops after checkpointing; the same command resumes.
 */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Write the note for one brief now, without the watcher.",
                "Composes it with the model, exports it (PDF/EPUB) and files it in the vault (--out, else inkstone.vault).",
                "Progress goes to stderr; the note's path to stdout.",
                "Ctrl-C stops; running the same command again resumes a long piece after its last finished section."})
public final class WriteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BRIEF", description = "the brief (YAML)")
    Path brief;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "the vault (folder) to write the note into (overrides inkstone.vault)")
    Path out;

    @Mixin
    SettingsOptions settings;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Setting, Path> folders = new EnumMap<>(Setting.class);
        folders.put(Setting.VAULT, out);
        PipelineSettings s = settings.load(false, folders);
        TemplateLibrary templates;
        try {
            templates = s.templateLibrary();
        } catch (TemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        if (!Files.isRegularFile(brief)) {
            err.println("inkstone write: " + brief + ": no such file");
            return ExitCode.IO_ERROR.code();
        }
        BriefParseResult parsed = new BriefParser(templates.names()).parse(brief);
        if (!parsed.ok()) {
            for (BriefProblem p : parsed.problems()) err.println(p.format());
            err.println("the brief is not valid: fix it where the lines above point, then run this again");
            return ExitCode.INVALID_INPUT.code();
        }
        Brief b = parsed.brief();
        if (b.schedule() != null) err.println("note: the brief has a schedule; `inkstone write` writes it once now (`inkstone run` repeats it)");

        Cancellation cancellation = new Cancellation();
        Thread main = Thread.currentThread();
        Thread onCtrlC = new Thread(() -> {
            cancellation.cancel("Ctrl-C");
            try {
                main.join(Duration.ofSeconds(s.shutdownTimeoutSeconds()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inkstone-write-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (Generator model = ModelLoading.open(s, err)) {
            WritingService writing = WritingService.create(s, templates, model, Clock.systemDefaultZone());
            Path checkpoint = s.vault().resolve(".inkstone").resolve("checkpoints")
                    .resolve(SafeNames.fileStem(b.id(), "brief") + ".json");
            ProgressLine progress = new ProgressLine(err, Terminal.stderrIsTerminal());
            WritingService.Written written;
            try {
                written = writing.write(b, checkpoint, progress, cancellation);
            } catch (WritingInterruptedException e) {
                progress.end();
                err.println("stopped (" + e.getMessage() + "); finished sections are kept in " + checkpoint
                        + ": run the same command again to continue");
                return ExitCode.INTERRUPTED.code();
            } catch (StageException e) {
                progress.end();
                throw new ErrorHandler.UserFacingException(exitCodeFor(e), e.stage().label() + ": " + e.getMessage()
                        + "\n" + e.stage().advice(), e);
            }
            progress.end();
            var piece = written.piece();
            err.println(String.format(Locale.ROOT, "wrote %d of %s, %d tokens in %.1fs (%.1f tokens/s; batch %.1f tokens/s), stop reasons: %s",
                    piece.achievedLength(), piece.target(), piece.totalGeneratedTokens(), written.stats().composing().toMillis() / 1000.0,
                    written.stats().tokensPerSecond(), written.stats().batchTokensPerSecond(), piece.parts().stream().flatMap(p -> p.stopReasons().stream())
                            .map(StopReason::label).distinct().collect(Collectors.joining(", "))));
            if (!model.usage().isEmpty()) err.println("model: " + model.usage());
            for (PartReport part : piece.parts()) {
                if (part.loopDetected()) err.println("  a repetition loop was cut off in: " + part.heading());
            }
            for (Attachment a : written.note().attachments()) err.println("  " + a.format().extension() + ": " + a.file() + " (" + a.engine() + ")");
            stdout.println(written.note().note());
            stdout.flush();
            err.flush();
            return ExitCode.OK.code();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this thread
            }
        }
    }

    private static ExitCode exitCodeFor(StageException e) {
        return switch (e.stage()) {
            case TEMPLATE, VALIDATE -> ExitCode.INVALID_INPUT;
            case EXPORT -> ExitCode.EXPORT_ERROR;
            case VAULT, ARCHIVE, CLAIM -> ExitCode.IO_ERROR;
            default -> ExitCode.MODEL_ERROR;
        };
    }

    /**
     * Progress on stderr: {@code [sections] 2/5 Heading  312 tokens  11.8 tok/s  ETA 3m12s}. On a terminal the line
     * is redrawn in place (at most 4 times a second); otherwise (a log, a pipe) plain lines: one per stage and
     * section, and one every 10 seconds while tokens come ({@link PeriodicProgress}).
     */
    static final class ProgressLine implements ComposeProgress {
        private final PrintWriter err;
        private final boolean terminal;
        private final PeriodicProgress plain;
        private String stage = "";
        private String section = "";
        private long lastDrawNanos;
        private int width;

        ProgressLine(PrintWriter err, boolean terminal) {
            this(err, terminal, PeriodicProgress.DEFAULT_INTERVAL, System::nanoTime);
        }

        ProgressLine(PrintWriter err, boolean terminal, Duration interval, java.util.function.LongSupplier nanoTime) {
            this.err = err;
            this.terminal = terminal;
            this.plain = new PeriodicProgress(line -> {
                err.println(line);
                err.flush();
            }, interval, nanoTime);
        }

        @Override
        public synchronized void stage(String name) {
            if (!terminal) {
                plain.stage(name);
                return;
            }
            stage = name;
            section = "";
        }

        @Override
        public synchronized void section(int index, int count, String heading) {
            if (!terminal) {
                plain.section(index, count, heading);
                return;
            }
            section = index + "/" + count + " " + heading;
        }

        @Override
        public synchronized void tokens(int generated, double tokensPerSecond, Duration eta) {
            if (!terminal) {
                plain.tokens(generated, tokensPerSecond, eta);
                return;
            }
            if (System.nanoTime() - lastDrawNanos < 250_000_000L) return;
            lastDrawNanos = System.nanoTime();
            String text = PeriodicProgress.line(stage, section, generated, tokensPerSecond, eta);
            err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
            width = text.length();
            err.flush();
        }

        @Override
        public synchronized void note(String message) {
            if (!terminal) {
                plain.note(message);
                return;
            }
            if (width > 0) err.println();
            width = 0;
            err.println("note: " + message);
            err.flush();
        }

        synchronized void end() {
            if (terminal && width > 0) err.println();
            width = 0;
            err.flush();
        }
    }
}
