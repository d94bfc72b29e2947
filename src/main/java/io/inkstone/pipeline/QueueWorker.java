package io.inkstone.pipeline;

import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.compose.ComposedPiece;
import io.inkstone.compose.Composer;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.Generator;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A worker ({@code inkstone worker --queue URL --model DIR}): takes briefs from {@code PREFIX.briefs} one at a time
 * (competing with the other workers), composes each with its own model and sends the piece to {@code PREFIX.results}.
 * Taking the brief and sending its result are one JMS transaction: the brief is acknowledged only once its result is
 * safely queued. A worker killed mid-brief never acknowledges it, so the broker delivers it to another worker.
 *
 * <p>A brief that fails is given back (rolled back) for another try, up to {@code inkstoneMaxAttempts} deliveries (the
 * desk's {@code inkstone.broker.maxAttempts}); the worker that sees the last attempt fail sends the failure as the
 * result, so the desk moves the brief to failed/ with the report. A brief the worker cannot read (its templates differ
 * from the desk's) fails at once. Composition progress is checkpointed in the worker's folder, so a brief given back
 * to the same worker (after a stop or a retry) resumes from its last finished section.
 */
public final class QueueWorker implements AutoCloseable {

    private final String id;
    private final QueueSettings queue;
    private final Composer composer;
    private final BriefParser parser;
    private final Path checkpoints;
    private final DefaultCamelContext camel;
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile ProducerTemplate events;

    private QueueWorker(String id, QueueSettings queue, Composer composer, BriefParser parser, Path workDir) {
        this.id = id;
        this.queue = queue;
        this.composer = composer;
        this.parser = parser;
        this.checkpoints = workDir.resolve("checkpoints");
        this.camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("inkstone-worker");
    }

    /**
     * Connects to the broker and starts taking briefs.
     *
     * @param id        this worker's id, in every log line and in {@code inkstone status} on the desk
     * @param generator the model (local engine or remote server)
     * @param workDir   where checkpoints are kept
     */
    public static QueueWorker start(String id, QueueSettings queue, PipelineSettings settings, TemplateLibrary templates,
                                    Generator generator, Path workDir) throws Exception {
        Files.createDirectories(workDir.resolve("checkpoints"));
        QueueWorker worker = new QueueWorker(id, queue, new Composer(generator, new PromptBuilder(templates), settings.compose()),
                new BriefParser(templates.names(), java.time.Duration.ZERO), workDir); // schedules are the desk's: it checked their cron
        worker.startCamel();
        return worker;
    }

    private void startCamel() throws Exception {
        ActiveMQConnectionFactory broker = queue.connectionFactory("inkstone-worker-" + id.replaceAll("[^A-Za-z0-9_.-]", "_"));
        camel.getRegistry().bind(QueueConnections.TRANSACTED, QueueConnections.transacted(broker));
        camel.getRegistry().bind(QueueConnections.PLAIN, QueueConnections.plain(broker));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(QueueConnections.TRANSACTED + ":queue:" + queue.briefsQueue() + "?concurrentConsumers=1&receiveTimeout=1000")
                        .routeId("worker")
                        .process(QueueWorker.this::write)
                        .to(QueueConnections.TRANSACTED + ":queue:" + queue.resultsQueue() + "?deliveryPersistent=true");
            }
        });
        camel.start();
        events = camel.createProducerTemplate();
        BriefStages.LOG.info("worker=" + id + " outcome=ready broker=" + queue.redactedUrl() + " queue=" + queue.briefsQueue());
    }

    public String id() {
        return id;
    }

    /** Composes one brief; the exchange's body becomes the result. Throws (rolls back) to have it delivered again. */
    void write(Exchange exchange) throws IOException {
        String yaml = exchange.getMessage().getBody(String.class);
        String claim = exchange.getMessage().getHeader(QueueMessages.CLAIM, String.class);
        String name = exchange.getMessage().getHeader(QueueMessages.BRIEF, "brief.yaml", String.class);
        String schedule = exchange.getMessage().getHeader(QueueMessages.SCHEDULE, String.class);
        int maxAttempts = exchange.getMessage().getHeader(QueueMessages.MAX_ATTEMPTS, queue.maxAttempts(), Integer.class);
        int attempt = exchange.getMessage().getHeader(QueueMessages.DELIVERY_COUNT, 1, Integer.class);
        String where = "worker=" + id + " brief=" + name + " claim=" + claim + " attempt=" + attempt + "/" + maxAttempts;
        if (stopping) throw new WritingInterruptedException("worker " + id + " is stopping");
        announce(new QueueMessages.Taken(claim, name, id, attempt));
        BriefStages.LOG.info(where + " outcome=started");
        long start = System.nanoTime();
        Path checkpoint = checkpoints.resolve((claim == null ? "unnamed" : claim.replaceAll("[^A-Za-z0-9_.-]", "_")) + ".json");
        QueueMessages.Result result;
        Stage stage = Stage.VALIDATE;
        Cancellation cancellation = new Cancellation();
        running.add(cancellation);
        try {
            BriefParseResult parsed = parser.parse(yaml, Path.of(name));
            if (!parsed.ok()) {
                // not worth another try: every delivery reads the same text
                BriefRejectedException rejected = new BriefRejectedException(parsed.problems());
                result = failure(claim, name, schedule, yaml, attempt, Stage.VALIDATE, rejected);
                BriefStages.LOG.warn(where + " outcome=failed stage=validate error=" + BriefStages.firstLine(rejected));
            } else {
                stage = Stage.COMPOSE;
                if (stopping) cancellation.cancel("worker " + id + " is stopping");
                ComposedPiece piece = composer.write(parsed.brief(), schedule == null ? checkpoint : null, ComposeProgress.NONE, cancellation);
                result = new QueueMessages.Result(claim, name, schedule, yaml, id, attempt, QueueMessages.Piece.of(piece), null, List.of());
                BriefStages.LOG.info(where + " outcome=done took=" + BriefStages.format((System.nanoTime() - start) / 1e9)
                        + " tokens=" + piece.totalGeneratedTokens());
            }
        } catch (RuntimeException e) {
            if (stopping || cancellation.isCancelled()) {
                BriefStages.LOG.info(where + " outcome=stopped (given back to the broker: another worker takes it)");
                throw new WritingInterruptedException("worker " + id + " stopped while writing " + name);
            }
            Stage failed = FailureReport.stageOf(e, stage);
            if (attempt < maxAttempts) {
                BriefStages.LOG.warn(where + " outcome=retry stage=" + failed.label() + " error=" + BriefStages.firstLine(e)
                        + " (given back to the broker for another try)");
                throw e;
            }
            result = failure(claim, name, schedule, yaml, attempt, failed, e);
            Files.deleteIfExists(checkpoint);
            BriefStages.LOG.warn(where + " outcome=failed stage=" + failed.label() + " error=" + BriefStages.firstLine(e)
                    + " (last attempt: reported to the desk)");
        } finally {
            running.remove(cancellation);
        }
        exchange.getMessage().removeHeaders("JMS*");
        exchange.getMessage().setHeader(QueueMessages.WORKER, id);
        exchange.getMessage().setBody(result.toJson());
    }

    private QueueMessages.Result failure(String claim, String name, String schedule, String yaml, int attempt, Stage stage, Throwable error) {
        return new QueueMessages.Result(claim, name, schedule, yaml, id, attempt, null, stage.label(), FailureReport.messages(error));
    }

    /** Tells the desk who took the brief; best effort (status only). */
    private void announce(QueueMessages.Taken taken) {
        try {
            events.sendBody(QueueConnections.PLAIN + ":queue:" + queue.eventsQueue() + "?deliveryPersistent=false&timeToLive=86400000",
                    taken.toJson());
        } catch (RuntimeException e) {
            BriefStages.LOG.warn("worker=" + id + " could not send its progress notice: " + BriefStages.firstLine(e));
        }
    }

    /** Stops taking briefs; a brief being written is cancelled and given back to the broker for another worker. */
    @Override
    public void close() {
        stopping = true;
        for (Cancellation c : running) c.cancel("worker " + id + " is stopping");
        camel.stop();
    }
}
