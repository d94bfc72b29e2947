package io.inkstone.pipeline;

import io.inkstone.brief.BriefParser;
import io.inkstone.compose.ComposeProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Inkstone's watcher: Apache Camel (camel-main) running the route files {@code routes/*.camel.yaml} with the beans
 * they call bound by name ({@code briefs}, {@code schedules}). The model behind the {@link WritingService} is
 * loaded once, before the routes start, and shared by every brief.
 */
public final class InkstonePipeline implements AutoCloseable {

    private final Main main;
    private final BriefStages briefs;
    private final RunLock runLock;

    private InkstonePipeline(Main main, BriefStages briefs, RunLock runLock) {
        this.main = main;
        this.briefs = briefs;
        this.runLock = runLock;
    }

    /**
     * Prepares the watcher: checks the route files, takes the inbox's run lock, then makes the writing service (which
     * loads the model: only once the cheap checks passed) and notes the briefs left in progress. Nothing runs until
     * {@link #start()} or {@link #run()}.
     */
    public static InkstonePipeline create(PipelineSettings settings, BriefParser parser, Supplier<WritingService> writingService,
                                          Clock clock) throws IOException {
        return create(settings, parser, writingService, clock, name -> ComposeProgress.NONE);
    }

    /**
     * As {@link #create(PipelineSettings, BriefParser, Supplier, Clock)}, reporting each brief's composition to the
     * progress {@code progress} makes for it (given the brief's file name).
     */
    public static InkstonePipeline create(PipelineSettings settings, BriefParser parser, Supplier<WritingService> writingService,
                                          Clock clock, Function<String, ComposeProgress> progress) throws IOException {
        checkRoutes(settings.routes());
        InboxFolders folders = settings.folders();
        Files.createDirectories(folders.inbox());
        RunLock lock = RunLock.acquire(folders.runLock());
        try {
            int swept = io.inkstone.vault.VaultWriter.sweepStaging(settings.vaultSettings());
            if (swept > 0) BriefStages.LOG.info("removed " + swept + " export staging folder(s) left by an earlier run");
            WritingService writing = writingService.get();
            Inbox inbox = new Inbox(folders, clock);
            Ledger ledger = new Ledger(folders.ledger());
            BriefStages briefs = new BriefStages(inbox, ledger, parser, writing, settings.resumeMaxAttempts(), clock, progress);
            ScheduleRegistry schedules = new ScheduleRegistry(inbox, ledger, parser, clock);

            Main main = new Main();
            main.configure()
                    .withName("inkstone")
                    .withRoutesIncludePattern("file:" + settings.routes() + "/*.camel.yaml")
                    .withShutdownTimeout(settings.shutdownTimeoutSeconds())
                    .withAutoConfigurationLogSummary(false);
            Properties properties = new Properties();
            properties.putAll(settings.camelProperties());
            properties.putAll(settings.placeholders());
            main.setOverrideProperties(properties);
            main.bind("briefs", briefs);
            main.bind("schedules", schedules);
            if (settings.broker().enabled()) {
                // a desk: briefs go to the workers through the broker; results come back to be filed here
                var broker = settings.broker().connectionFactory("inkstone-desk");
                main.bind(QueueConnections.TRANSACTED, QueueConnections.transacted(broker));
                main.bind(QueueConnections.PLAIN, QueueConnections.plain(broker));
                QueueDesk desk = new QueueDesk(settings.broker(), briefs, writing, parser, clock);
                briefs.publishTo(desk);
                main.configure().addRoutesBuilder(desk.routes(folders.state().resolve("filed-claims.txt")));
            }
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeStop(BaseMainSupport m) {
                    briefs.stopping();
                }
            });
            return new InkstonePipeline(main, briefs, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Runs {@code service} (a Camel service such as the HTTP front door) with the Camel context: started with it, before
     * the routes take briefs, and stopped with it. Call before {@link #start()} or {@link #run()}.
     */
    public void addService(Object service) {
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                try {
                    m.getCamelContext().addService(service, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        });
    }

    /** Starts watching and returns (for tests and embedding); {@link #close()} stops. */
    public void start() throws Exception {
        main.start();
    }

    /** Watches until Ctrl-C (or the JVM is asked to stop), then stops cleanly. */
    public void run() throws Exception {
        try {
            main.run();
        } finally {
            runLock.close();
        }
    }

    /** Sends what is being written (stages, sections, tokens, text, outcomes) to {@code events} (the dashboard). */
    public void listen(WritingEvents events) {
        briefs.events(events);
    }

    /** Stops the brief with this claim (see {@link BriefStages#stop}); false when it is not being written. */
    public boolean stop(String claim) {
        return briefs.stop(claim);
    }

    /**
     * Queues a stopped brief (or one a previous run left in in-progress/) again; it resumes from its last finished section.
     *
     * @throws IllegalStateException when there is no such brief, it is being written, or the watcher is not running
     * @throws BriefRejectedException when the brief no longer validates
     */
    public void continueBrief(String claim) throws IOException {
        CamelContext context = main.getCamelContext();
        if (context == null || !context.isStarted()) throw new IllegalStateException("the watcher is not running");
        BriefJob job = briefs.continuing(claim);
        try (var producer = context.createProducerTemplate()) {
            producer.sendBody("seda:write", job);
        }
    }

    /** The running Camel context (tests use it to wait for routes). */
    public CamelContext camelContext() { return main.getCamelContext(); }

    /**
     * Stops: running generations are cancelled (their briefs stay in in-progress/ and resume from the last finished
     * section at the next start), then Camel shuts down gracefully.
     */
    @Override
    public void close() throws IOException {
        briefs.stopping();
        try {
            main.stop();
        } finally {
            runLock.close();
        }
    }

    private static void checkRoutes(Path routes) throws IOException {
        if (!Files.isDirectory(routes)) {
            throw new SettingsException("route folder " + routes + " does not exist; set inkstone.routes to the folder holding "
                    + "the *.camel.yaml files (the routes/ folder of Inkstone)");
        }
        try (Stream<Path> files = Files.list(routes)) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".camel.yaml"))) {
                throw new SettingsException("no *.camel.yaml route files in " + routes + "; set inkstone.routes to the routes/ folder of Inkstone");
            }
        }
    }
}
