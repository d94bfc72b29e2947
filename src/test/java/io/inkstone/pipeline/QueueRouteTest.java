package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.BriefParser;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out path for real: an embedded persistent ActiveMQ broker on loopback TCP, a desk (this JVM's routes with
 * {@code --queue}), and two {@code inkstone worker} processes (separate JVMs) writing with the tiny synthetic model.
 */
class QueueRouteTest {

    private static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path root;

    private final List<Process> workers = new ArrayList<>();
    private EmbeddedBroker broker;
    private InkstonePipeline desk;

    @AfterEach
    void stop() throws Exception {
        for (Process p : workers) p.destroyForcibly();
        for (Process p : workers) p.waitFor(30, TimeUnit.SECONDS);
        if (desk != null) desk.close();
        if (broker != null) broker.close();
    }

    @Test
    void should_write_twenty_briefs_with_two_workers_exactly_once_across_a_broker_restart() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", 0, "", "");
        int port = broker.port();
        desk = startDesk(f, 3);
        Process w1 = startWorker("w1");
        Process w2 = startWorker("w2");
        awaitReady(w1, w2);

        long start = System.nanoTime();
        for (int i = 1; i <= 10; i++) f.drop(String.format("brief-%02d.yaml", i), PipelineFixture.brief("Piece " + i));
        // all of the first ten without any help from a restart (which would deliver stuck messages again)
        Await.until("10 briefs archived", LIMIT, () -> f.files(f.inbox.resolve("archive"), "*.yaml").size() == 10);
        for (int i = 11; i <= 20; i++) f.drop(String.format("brief-%02d.yaml", i), PipelineFixture.brief("Piece " + i));
        Await.until("a note of the second ten filed", LIMIT, () -> f.files(f.vault, "*.md").size() >= 11);

        System.err.printf("QueueRouteTest: %d notes after %.1fs; restarting the broker%n", f.files(f.vault, "*.md").size(), (System.nanoTime() - start) / 1e9);
        broker.close(); // with briefs queued, being written, and results on their way
        broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", port, "", "");

        // the desk moves a brief to archive/ before it appends ARCHIVED to the ledger: wait for both
        Ledger deskLedger = new Ledger(f.settings.folders().ledger());
        Await.until("20 briefs archived", LIMIT, () -> f.files(f.inbox.resolve("archive"), "*.yaml").size() == 20
                && entries(deskLedger, Ledger.Event.ARCHIVED).size() >= 20);
        System.err.printf("QueueRouteTest: 20 briefs done after %.1fs%n", (System.nanoTime() - start) / 1e9);
        assertThat(f.files(f.vault, "*.md")).as("exactly one note per brief").hasSize(20);
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
        List<Ledger.Entry> ledger = new Ledger(f.settings.folders().ledger()).entries();
        Map<String, Long> archivedPerClaim = ledger.stream().filter(e -> e.event() == Ledger.Event.ARCHIVED)
                .collect(Collectors.groupingBy(Ledger.Entry::claim, Collectors.counting()));
        assertThat(archivedPerClaim).hasSize(20).allSatisfy((claim, n) -> assertThat(n).isEqualTo(1));
        assertThat(ledger.stream().filter(e -> e.event() == Ledger.Event.WRITTEN).count()).isEqualTo(20);
        assertThat(ledger.stream().filter(e -> e.event() == Ledger.Event.TAKEN).map(e -> e.detail().split(" ")[0]).distinct())
                .as("both workers wrote").containsExactlyInAnyOrder("w1", "w2");
        assertThat(QueueStatus.render(f.settings.broker().withUrl(broker.uri().toString())))
                .containsPattern("waiting for a worker: +0 ").containsPattern("results to file: +0 ");
    }

    @Test
    void should_finish_a_killed_workers_brief_on_the_other_and_fail_a_poison_brief_after_its_attempts() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", 0, "", "");
        desk = startDesk(f, 2);
        Process w1 = startWorker("w1");
        Process w2 = startWorker("w2");
        awaitReady(w1, w2);

        // long sections (512 tokens each): surely still being written when its worker is killed
        f.drop("long.yaml", "title: Long\ntype: essay\nlanguage: en\ntask: Write about Long.\nlength: 3000 words\n"
                + "outline: [Alpha part, Beta part, Gamma part]\ngeneration: {max_new_tokens: 512}\n");
        Ledger ledger = new Ledger(f.settings.folders().ledger());
        Await.until("a worker took the long brief", LIMIT, () -> !entries(ledger, Ledger.Event.TAKEN).isEmpty());
        String taker = entries(ledger, Ledger.Event.TAKEN).getFirst().detail().split(" ")[0];
        Process killed = taker.equals("w1") ? w1 : w2;
        killed.destroyForcibly(); // SIGKILL: no goodbye to the broker, the transaction is never committed
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // a brief longer than the workers' context (1024 tokens): every attempt fails the same way
        f.drop("poison.yaml", "title: Poison\ntype: essay\nlanguage: en\nlength: 300 words\ntask: |\n  "
                + "Write about this. ".repeat(600) + "\n");

        Await.until("long brief archived", LIMIT, () -> !f.files(f.inbox.resolve("archive"), "long.yaml").isEmpty());
        // the brief is moved to failed/ before its report is written beside it: wait for both
        Await.until("poison brief failed", LIMIT, () -> !f.files(f.inbox.resolve("failed"), "poison.yaml").isEmpty()
                && Files.exists(Inbox.errorReportFor(f.files(f.inbox.resolve("failed"), "poison.yaml").getFirst())));

        String survivor = taker.equals("w1") ? "w2" : "w1";
        // worker notices travel on their own (non-transactional) queue: the last may come after the failure is filed
        Await.until("notice of the poison brief's second attempt", LIMIT, () -> entries(ledger, Ledger.Event.TAKEN).stream()
                .anyMatch(e -> e.brief().equals("poison.yaml") && e.detail().endsWith("attempt 2")));
        List<Path> notes = f.files(f.vault, "*.md");
        assertThat(notes).as("the long brief filed once, the poison brief not at all").hasSize(1);
        assertThat(Files.readString(notes.getFirst())).contains("## Alpha part", "## Beta part", "## Gamma part");
        assertThat(entries(ledger, Ledger.Event.TAKEN)).extracting(e -> e.brief() + " " + e.detail())
                .contains("long.yaml " + taker + " attempt 1", "long.yaml " + survivor + " attempt 2",
                        "poison.yaml " + survivor + " attempt 1", "poison.yaml " + survivor + " attempt 2");
        assertThat(entries(ledger, Ledger.Event.ARCHIVED)).hasSize(1);
        String report = Files.readString(Inbox.errorReportFor(f.files(f.inbox.resolve("failed"), "poison.yaml").getFirst()));
        assertThat(report).contains("tokens", "worker " + survivor, "attempt 2 of 2", "inkstone.broker.maxAttempts");
    }

    @Test
    void should_file_briefs_and_schedule_firings_written_by_a_worker_inside_the_desk() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.schedule.minInterval=1");
        broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", 0, "", "");
        desk = startDesk(f, 3);
        // what `inkstone run --queue URL --also-work` starts beside the desk
        try (QueueWorker worker = QueueWorker.start("desk", f.settings.broker().withUrl(broker.uri().toString()), f.settings,
                f.settings.templateLibrary(), TinyModel.engine(), root.resolve("desk-worker"))) {
            f.drop("one.yaml", PipelineFixture.brief("One"));
            f.drop("tick.yaml", ScheduleRouteTest.scheduled("Tick", "0/1 * * * * ?"));
            Await.until("brief archived", LIMIT, () -> !f.files(f.inbox.resolve("archive"), "one.yaml").isEmpty());
            Path schedule = f.settings.folders().schedules().resolve("tick.yaml");
            Await.until("a firing filed", LIMIT, () -> entries(new Ledger(f.settings.folders().ledger()), Ledger.Event.FIRED).size() >= 1);
            Files.delete(schedule);
        }
        Ledger ledger = new Ledger(f.settings.folders().ledger());
        assertThat(entries(ledger, Ledger.Event.ARCHIVED)).singleElement().satisfies(e -> assertThat(e.brief()).isEqualTo("one.yaml"));
        assertThat(entries(ledger, Ledger.Event.FIRED)).allSatisfy(e -> assertThat(Path.of(e.note())).exists());
        assertThat(entries(ledger, Ledger.Event.TAKEN)).extracting(Ledger.Entry::detail).contains("desk attempt 1");
    }

    private static List<Ledger.Entry> entries(Ledger ledger, Ledger.Event event) {
        try {
            return ledger.entries().stream().filter(e -> e.event() == event).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InkstonePipeline startDesk(PipelineFixture f, int maxAttempts) throws Exception {
        PipelineSettings settings = f.settings.withBroker(f.settings.broker().withUrl(broker.uri().toString()).withMaxAttempts(maxAttempts));
        TemplateLibrary templates = settings.templateLibrary();
        Clock clock = Clock.systemDefaultZone();
        InkstonePipeline pipeline = InkstonePipeline.create(settings, new BriefParser(templates.names(), settings.scheduleMinInterval()),
                () -> WritingService.forFiling(settings, clock), clock);
        pipeline.start();
        return pipeline;
    }

    private Process startWorker(String id) throws IOException {
        Path config = Files.writeString(root.resolve("worker-" + id + ".properties"), String.join("\n",
                "inkstone.model.threads=1",
                "inkstone.model.contextLength=1024",
                "inkstone.compose.maxContinuations=0",
                "inkstone.compose.sectionMaxNewTokens=64",
                "inkstone.compose.outlineMaxNewTokens=64", ""));
        List<String> command = new ArrayList<>(InkstoneProcess.command("worker", "--queue", broker.uri().toString(),
                "--config", config.toString(), "--model", TinyModel.folder().toString(), "--id", id,
                "--work", root.resolve("work-" + id).toString()));
        command.add(1, "-Xmx512m");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve(id + ".log").toFile()).start();
        workers.add(p);
        return p;
    }

    private void awaitReady(Process... processes) {
        for (Process p : processes) {
            String id = p == workers.get(0) ? "w1" : "w2";
            Function<String, String> log = name -> {
                try {
                    return Files.exists(root.resolve(name)) ? Files.readString(root.resolve(name)) : "";
                } catch (IOException e) {
                    return "";
                }
            };
            Await.until(id + " ready (log: " + root.resolve(id + ".log") + ")", LIMIT,
                    () -> log.apply(id + ".log").contains("outcome=ready") || !p.isAlive());
            assertThat(p.isAlive()).as(id + " running; its log:\n" + log.apply(id + ".log")).isTrue();
        }
    }
}
