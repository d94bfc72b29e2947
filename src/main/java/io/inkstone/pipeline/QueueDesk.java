package io.inkstone.pipeline;

import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.vault.WrittenNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

/**
 * The desk's side of the broker ({@code inkstone run --queue URL}). The desk keeps the inbox, the schedules and the
 * vault; workers only write. A brief read and validated at intake is published to {@code PREFIX.briefs} (persistent)
 * and stays in in-progress/ until its result comes back on {@code PREFIX.results}; then it is filed into the vault and
 * archived exactly as when written locally, or moved to failed/ with the worker's report.
 *
 * <p>Results are consumed in a JMS transaction and acknowledged only once filed. A result delivered twice (a worker
 * killed after sending, a brief delivered again) is filed once: Camel's idempotent consumer keys results by claim in a
 * file-backed repository ({@code .inkstone/filed-claims.txt}), and the ledger's WRITTEN entry is checked as well.
 */
final class QueueDesk implements BriefPublisher {

    private final QueueSettings queue;
    private final BriefStages briefs;
    private final WritingService filing;
    private final BriefParser parser;
    private final Clock clock;
    private volatile CamelContext camel;
    private volatile ProducerTemplate producer;

    QueueDesk(QueueSettings queue, BriefStages briefs, WritingService filing, BriefParser parser, Clock clock) {
        this.queue = queue;
        this.briefs = briefs;
        this.filing = filing;
        this.parser = parser;
        this.clock = clock;
    }

    /** The desk's routes: results, dead letters and worker notices. */
    RouteBuilder routes(Path filedClaims) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                camel = getContext();
                from(QueueConnections.TRANSACTED + ":queue:" + queue.resultsQueue() + "?concurrentConsumers=1")
                        .routeId("results")
                        .idempotentConsumer(header(QueueMessages.CLAIM),
                                FileIdempotentRepository.fileIdempotentRepository(filedClaims.toFile(), 100_000, 64L << 20))
                        .skipDuplicate(true)
                        .process(exchange -> result(exchange.getMessage().getBody(String.class)));
                from(QueueConnections.TRANSACTED + ":queue:" + queue.deadLetterQueue() + "?concurrentConsumers=1")
                        .routeId("dead-letters")
                        .process(QueueDesk.this::deadLetter);
                from(QueueConnections.PLAIN + ":queue:" + queue.eventsQueue() + "?concurrentConsumers=1")
                        .routeId("worker-events")
                        .process(exchange -> taken(exchange.getMessage().getBody(String.class)));
            }
        };
    }

    // ---- desk -> workers ----

    @Override
    public void publish(BriefJob job) throws Exception {
        String yaml = Files.readString(job.file(), StandardCharsets.UTF_8);
        String claim = job.isScheduled() ? "schedule-" + UUID.randomUUID() : job.claim();
        Map<String, Object> headers = new HashMap<>();
        headers.put(QueueMessages.CLAIM, claim);
        headers.put(QueueMessages.BRIEF, job.name());
        headers.put(QueueMessages.MAX_ATTEMPTS, queue.maxAttempts());
        if (job.isScheduled()) headers.put(QueueMessages.SCHEDULE, job.file().toString());
        producer().sendBodyAndHeaders(QueueConnections.PLAIN + ":queue:" + queue.briefsQueue() + "?deliveryPersistent=true",
                yaml, headers);
        briefs.ledger().append(Ledger.Entry.of(clock.instant(), Ledger.Event.QUEUED, job.isScheduled() ? null : claim, job.name())
                .withDetail(job.isScheduled() ? "schedule firing " + claim : queue.briefsQueue()));
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) producer = camel.createProducerTemplate();
                p = producer;
            }
        }
        return p;
    }

    // ---- workers -> desk ----

    /** Files a worker's result: the note into the vault and the brief into the archive, or the brief into failed/. */
    void result(String json) throws Exception {
        QueueMessages.Result result = QueueMessages.Result.fromJson(json);
        Ledger ledger = briefs.ledger();
        Inbox inbox = briefs.inbox();
        boolean scheduled = result.schedule() != null;
        if (!scheduled && (ledger.last(result.claim(), Ledger.Event.ARCHIVED).isPresent()
                || ledger.last(result.claim(), Ledger.Event.FAILED).isPresent())) {
            BriefStages.LOG.info("brief=" + result.brief() + " claim=" + result.claim() + " outcome=duplicate (already filed; "
                    + "worker " + result.worker() + " sent it again)");
            return;
        }
        Path file = scheduled ? Path.of(result.schedule()) : inbox.folders().inProgress().resolve(result.claim()).resolve(result.brief());
        if (!scheduled && Files.notExists(file)) {
            BriefStages.LOG.warn("brief=" + result.brief() + " claim=" + result.claim() + " outcome=ignored (no such brief in "
                    + inbox.folders().inProgress() + "; a result for another desk, or one removed by hand)");
            return;
        }
        long arrived = System.nanoTime();
        // took= in the log counts from the claim (queue wait and writing included), as without a broker
        java.time.Instant claimedAt = scheduled ? clock.instant() : ledger.last(result.claim(), Ledger.Event.CLAIMED)
                .map(e -> java.time.Instant.parse(e.at())).orElse(clock.instant());
        BriefJob job = scheduled ? BriefJob.scheduled(file, claimedAt) : BriefJob.claimed(file, result.claim(), claimedAt);
        if (!result.ok()) {
            failed(job, result);
            return;
        }
        job.stage(Stage.VALIDATE);
        BriefParseResult parsed = parser.parse(result.yaml(), file);
        if (!parsed.ok()) throw new BriefRejectedException(parsed.problems());
        job.brief(parsed.brief());
        job.stage(Stage.VAULT);
        WrittenNote note;
        var written = scheduled ? java.util.Optional.<Ledger.Entry>empty() : ledger.last(result.claim(), Ledger.Event.WRITTEN);
        if (written.isPresent()) { // filed before a desk crash, not archived yet
            note = new WrittenNote(Path.of(written.get().note()), List.of());
        } else {
            var piece = result.piece().toPiece();
            note = filing.file(parsed.brief(), piece);
            job.stats(new WritingStats(piece.totalGeneratedTokens(), piece.summary().tokensPerSecond(),
                    java.time.Duration.ZERO, piece.took(), 1, piece.summary().tokensPerSecond()));
            if (!scheduled) {
                ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.WRITTEN, job.claim(), job.name())
                        .withNote(note.note().toString()).withDetail("worker " + result.worker()));
            }
        }
        job.note(note);
        if (scheduled) {
            ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.FIRED, null, job.name()).withNote(note.note().toString()));
            inbox.clearReportBeside(file);
            BriefStages.LOG.info("schedule=" + job.name() + " outcome=done worker=" + result.worker() + " note=" + note.note());
        } else {
            briefs.archiveWith(job, "worker=" + result.worker() + " attempt=" + result.attempt()
                    + " filing=" + BriefStages.format((System.nanoTime() - arrived) / 1e9));
        }
    }

    private void failed(BriefJob job, QueueMessages.Result result) throws IOException {
        Stage stage = Stage.QUEUE;
        for (Stage s : Stage.values()) if (s.label().equals(result.stage())) stage = s;
        List<String> errors = result.errors().isEmpty() ? List.of("the worker gave no reason") : result.errors();
        String message = errors.getFirst() + " (worker " + result.worker() + ", attempt " + result.attempt() + " of "
                + queue.maxAttempts() + "; setting inkstone.broker.maxAttempts)";
        Throwable error = new StageException(stage, message, errors.size() > 1 ? new StageException(stage, String.join("\n", errors.subList(1, errors.size())), null) : null);
        fail(job, stage, error);
    }

    /** A brief the broker gave up on: workers died on it more often than the attempts allow. */
    private void deadLetter(Exchange exchange) throws IOException {
        String claim = exchange.getMessage().getHeader(QueueMessages.CLAIM, String.class);
        String name = exchange.getMessage().getHeader(QueueMessages.BRIEF, String.class);
        String schedule = exchange.getMessage().getHeader(QueueMessages.SCHEDULE, String.class);
        if (claim == null || name == null) {
            BriefStages.LOG.warn("outcome=ignored dead letter without an Inkstone claim on " + queue.deadLetterQueue());
            return;
        }
        Path file = schedule != null ? Path.of(schedule) : briefs.inbox().folders().inProgress().resolve(claim).resolve(name);
        if (schedule == null && Files.notExists(file)) return;
        if (schedule == null && briefs.ledger().last(claim, Ledger.Event.ARCHIVED).isPresent()) return;
        BriefJob job = schedule != null ? BriefJob.scheduled(file, clock.instant()) : BriefJob.claimed(file, claim, clock.instant());
        fail(job, Stage.QUEUE, new StageException(Stage.QUEUE, "the broker gave up on this brief: it was delivered "
                + (queue.maxAttempts() + 1) + " times and no worker finished it (workers that crash or are killed while "
                + "writing it; look at the workers' logs for this brief)", null));
    }

    private void fail(BriefJob job, Stage stage, Throwable error) throws IOException {
        Path report = briefs.fileFailure(job, stage, error); // a worker's finished text that could not be filed is kept
        BriefStages.LOG.warn("brief=" + job.name() + " outcome=failed stage=" + stage.label() + " report=" + report
                + " error=" + BriefStages.firstLine(error));
    }

    /** Notes which worker took a brief (shown by {@code inkstone status}). */
    private void taken(String json) throws IOException {
        QueueMessages.Taken taken = QueueMessages.Taken.fromJson(json);
        if (taken.claim() == null || taken.claim().startsWith("schedule-")) return;
        briefs.ledger().append(Ledger.Entry.of(clock.instant(), Ledger.Event.TAKEN, taken.claim(), taken.brief())
                .withDetail(taken.worker() + " attempt " + taken.attempt()));
    }
}
