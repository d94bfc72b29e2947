package io.inkstone.cli;

import io.inkstone.brief.BriefParser;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.compose.PeriodicProgress;
import io.inkstone.llm.Generator;
import io.inkstone.pipeline.InkstonePipeline;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.QueueWorker;
import io.inkstone.pipeline.Setting;
import io.inkstone.pipeline.SettingsException;
import io.inkstone.pipeline.WritingService;
import io.inkstone.pipeline.http.HttpOptions;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code inkstone run [--config FILE|DIR] [--inbox DIR] [--vault DIR] [--model DIR]}: the watcher. Loads the model
 * once, then runs the Camel routes ({@code routes/*.camel.yaml}) until Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Watch the inbox and turn every brief dropped into it into a note (with PDF and EPUB) in the vault.",
                "Serves the dashboard and the OpenAI-compatible API on http://127.0.0.1:8731/ (--host, --port, --token; docs/SERVER.md).",
                "A brief with a schedule becomes a recurring job. Runs until Ctrl-C, which stops cleanly: a brief being",
                "written resumes from its last finished section at the next start. Folders and settings: docs/PIPELINE.md."})
public final class RunCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions settings;

    @Option(names = "--inbox", paramLabel = "DIR", description = "the inbox folder (overrides inkstone.inbox)")
    Path inbox;

    @Option(names = "--vault", paramLabel = "DIR", description = "the Obsidian vault (overrides inkstone.vault)")
    Path vault;

    @Mixin
    HttpArguments http;

    @Option(names = "--queue", paramLabel = "URL",
            description = "a desk: publish briefs to this ActiveMQ broker (e.g. tcp://HOST:61616) for `inkstone worker`s, "
                    + "and file their results here (overrides inkstone.broker.url / INKSTONE_BROKER_URL); no model is loaded")
    String queue;

    @Option(names = "--also-work",
            description = "with --queue: this desk also writes briefs from the queue with its own model (--model), as worker 'desk'")
    boolean alsoWork;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Map<Setting, Path> folders = new EnumMap<>(Setting.class);
        folders.put(Setting.INBOX, inbox);
        folders.put(Setting.VAULT, vault);
        PipelineSettings loaded = settings.load(true, folders);
        PipelineSettings s = queue == null ? loaded : loaded.withBroker(loaded.broker().withUrl(queue));
        if (alsoWork && !s.broker().enabled()) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, "--also-work needs --queue URL (a desk with a broker)", null);
        }
        HttpOptions httpOptions = http.options(s);
        TemplateLibrary templates;
        try {
            templates = s.templateLibrary();
        } catch (TemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        Clock clock = Clock.systemDefaultZone();
        AtomicReference<Generator> model = new AtomicReference<>();
        InkstonePipeline pipeline;
        try {
            pipeline = InkstonePipeline.create(s, new BriefParser(templates.names(), s.scheduleMinInterval()), () -> {
                if (s.broker().enabled()) return WritingService.forFiling(s, clock); // workers write; the desk files
                model.set(ModelLoading.open(s, err));
                return WritingService.create(s, templates, model.get(), clock);
            }, clock, RunCommand::progressFor);
        } catch (SettingsException e) {
            if (model.get() != null) model.get().close();
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        QueueWorker worker = null;
        if (s.broker().enabled() && alsoWork) {
            model.set(ModelLoading.open(s, err));
            try {
                worker = QueueWorker.start("desk", s.broker(), s, templates, model.get(), s.folders().state().resolve("worker"));
            } catch (Exception e) {
                pipeline.close();
                model.get().close();
                throw new ErrorHandler.UserFacingException(ExitCode.IO_ERROR, "cannot connect to the broker at " + s.broker().redactedUrl()
                        + ": " + e.getMessage() + " (start it with `inkstone broker`, or check the URL)", e);
            }
        }
        pipeline.addService(Desk.frontDoor(httpOptions, model::get, s, templates, pipeline, err));
        err.println("watching " + s.inbox() + " (notes go to " + s.vault() + ")"
                + (s.broker().enabled() ? "; briefs are written by workers on " + s.broker().redactedUrl() : "") + "; Ctrl-C stops");
        err.flush();
        try {
            pipeline.run();
        } finally {
            if (worker != null) worker.close();
            if (model.get() != null) model.get().close();
        }
        return ExitCode.OK.code();
    }

    /**
     * A brief's progress in the watcher's log: a line per stage and section, and one every 10 seconds while the model
     * writes ({@code brief=NAME [sections] 2/5 Heading  312 tokens  11.8 tok/s  ETA 3m12s}), so a long stage is never
     * silent for minutes in a log file.
     */
    static ComposeProgress progressFor(String briefName) {
        return PeriodicProgress.every10Seconds(line -> LOG.info("brief={} {}", briefName, line));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("inkstone");
}
