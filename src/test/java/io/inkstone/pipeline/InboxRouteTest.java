package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox route, the write route and the error route configuration, on temporary folders. */
class InboxRouteTest {

    @TempDir
    Path root;

    /** How many model requests were made for the brief {@link PipelineFixture#brief} titled {@code title}. */
    static long requestsFor(FakeGenerators.Recording model, String title) {
        return model.requestsMentioning("about " + title + ".");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_write_a_dropped_brief_with_the_tiny_model_into_a_note_with_properties_pdf_and_epub() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "pdf,epub");
        String yaml = PipelineFixture.brief("Morning Light") + "vault:\n  folder: Essays\n  tags: [writing/essays]\n";
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("morning.yaml", yaml);
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "morning.yaml").isEmpty());
        }
        Path note = f.files(f.vault, "*.md").getFirst();
        assertThat(note.getParent()).isEqualTo(f.vault.resolve("Essays"));
        String text = Files.readString(note);
        Map<String, Object> properties = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(text.substring(4, text.indexOf("\n---\n", 4)));
        assertThat(properties).containsEntry("title", "Morning Light").containsEntry("type", "essay").containsEntry("language", "en")
                .containsEntry("brief", "morning.yaml").containsEntry("tags", List.of("writing/essays"))
                .containsEntry("length_target", 300).containsEntry("length_unit", "words")
                .containsEntry("model", "tiny (synthetic Qwen3, random weights)")
                .containsEntry("exports", Map.of("pdf", "openhtmltopdf", "epub", "inkstone-epub"))
                .containsKeys("created", "length_achieved", "stop_reasons", "generated_tokens", "tokens_per_second", "generation_seconds");
        String stem = note.getFileName().toString().replace(".md", "");
        assertThat(f.vault.resolve("attachments/" + stem + ".pdf")).isNotEmptyFile();
        assertThat(f.vault.resolve("attachments/" + stem + ".epub")).isNotEmptyFile();
        assertThat(text).contains("\n# Morning Light\n").endsWith("![[attachments/" + stem + ".pdf]]\n![[attachments/" + stem + ".epub]]\n");
        assertThat(Files.readString(f.files(f.inbox.resolve("archive"), "morning.yaml").getFirst())).isEqualTo(yaml);
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
    }

    @Test
    void should_turn_a_dropped_brief_into_a_note_and_archive_the_brief() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        String yaml = PipelineFixture.brief("Spring");
        try (InkstonePipeline pipeline = f.start(model)) {
            f.drop("spring.yaml", yaml);
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "spring.yaml").isEmpty());
        }
        Path archived = f.files(f.inbox.resolve("archive"), "spring.yaml").getFirst();
        assertThat(f.inbox.relativize(archived).toString()).matches("archive/\\d{4}/\\d{2}/spring.yaml");
        assertThat(Files.readString(archived)).isEqualTo(yaml);
        assertThat(f.files(f.vault, "*.md")).singleElement().satisfies(note -> assertThat(note.getFileName().toString()).endsWith(" Spring.md"));
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
        assertThat(f.files(f.inbox, "*.yaml")).containsExactly(archived);
        assertThat(requestsFor(model, "Spring")).isEqualTo(1);
    }

    @Test
    void should_move_a_malformed_brief_to_failed_with_its_located_error() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        String yaml = "titel: Broken\ntask: Write something.\nlength: lots\n";
        try (InkstonePipeline pipeline = f.start(model)) {
            f.drop("broken.yaml", yaml);
            Await.until("error report", () -> Files.exists(f.inbox.resolve("failed/broken.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/broken.yaml"))).isEqualTo(yaml);
        String report = Files.readString(f.inbox.resolve("failed/broken.error.md"));
        assertThat(report).contains("# broken.yaml failed", "**Stage:** validate", "broken.yaml:1:1:", "`title`",
                "broken.yaml:3:9:", "inkstone validate", "drop the brief into the inbox again");
        assertThat(model.prompts).isEmpty();
        assertThat(f.files(f.vault, "*.md")).isEmpty();
    }

    @Test
    void should_move_a_brief_to_failed_when_the_model_fails() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(new FakeGenerators.Broken())) {
            f.drop("doomed.yaml", PipelineFixture.brief("Doomed"));
            Await.until("error report", () -> Files.exists(f.inbox.resolve("failed/doomed.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/doomed.error.md")))
                .contains("**Stage:** compose (writing with the model)", "the model ran out of memory", "inkstone.model", "Technical details");
        assertThat(Files.readString(f.inbox.resolve("failed/doomed.yaml"))).isEqualTo(PipelineFixture.brief("Doomed"));
        assertThat(f.files(f.vault, "*")).isEmpty();
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
    }

    @Test
    void should_move_a_brief_to_failed_when_its_template_fails() throws Exception {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Files.writeString(templates.resolve("broken.md"), String.join("\n", "---", "name: broken",
                "description: fails when it is filled in", "types: [any]", "variables: [title]", "---", "", "## user", "",
                "{{ title }} {{ 10 / 0 }}", ""));
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.templates=templates");
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            f.drop("templated.yaml", PipelineFixture.brief("Templated") + "template: broken\n");
            Await.until("error report", () -> Files.exists(f.inbox.resolve("failed/templated.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/templated.error.md")))
                .contains("**Stage:** template (filling in the prompt template)", "broken.md:10", "division",
                        "choose another `template:`");
        assertThat(model.prompts).isEmpty();
    }

    @Test
    void should_move_a_brief_to_failed_when_its_export_fails() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "pdf", "inkstone.export.font=fonts/missing.ttf");
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("exported.yaml", PipelineFixture.brief("Exported"));
            Await.until("error report", () -> Files.exists(f.inbox.resolve("failed/exported.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/exported.error.md")))
                .contains("**Stage:** export (exporting PDF/EPUB)", "missing.ttf", "inkstone.export.formats");
        assertThat(f.files(f.vault, "*")).as("no note and no attachment without its export").isEmpty();
    }

    @Test
    void should_never_overwrite_an_earlier_failed_brief_of_the_same_name() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("broken.yaml", "task: first\n");
            Await.until("first report", () -> Files.exists(f.inbox.resolve("failed/broken.error.md")));
            f.drop("broken.yaml", "task: second\n");
            Await.until("second report", () -> Files.exists(f.inbox.resolve("failed/broken (2).error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/broken.yaml"))).isEqualTo("task: first\n");
        assertThat(Files.readString(f.inbox.resolve("failed/broken (2).yaml"))).isEqualTo("task: second\n");
    }

    @Test
    void should_finish_twenty_briefs_dropped_at_once() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            for (int i = 1; i <= 20; i++) f.drop("brief-" + i + ".yaml", PipelineFixture.brief("Piece " + i));
            Await.until("20 briefs archived", () -> f.files(f.inbox.resolve("archive"), "*.yaml").size() == 20);
        }
        assertThat(model.prompts).hasSize(20);
        IntStream.rangeClosed(1, 20).forEach(i -> assertThat(requestsFor(model, "Piece " + i)).as("Piece " + i).isEqualTo(1));
        assertThat(f.files(f.vault, "*.md")).hasSize(20);
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
    }

    @Test
    void should_not_read_a_brief_that_is_still_being_written() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "1000");
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        List<String> lines = List.of("title: Slow\n", "type: essay\n", "language: en\n", "length: 300 words\n",
                "requirements:\n", "  - one\n", "  - two\n", "  - three\n", "task: Arrives last.\n");
        try (InkstonePipeline pipeline = f.start(model)) {
            Files.createDirectories(f.inbox);
            try (OutputStream out = Files.newOutputStream(f.inbox.resolve("slow.yaml"))) {
                for (String line : lines) { // the first lines alone are an invalid brief (no task)
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(100);
                    assertThat(f.files(f.inbox.resolve("in-progress"), "*.yaml")).as("claimed before it was complete").isEmpty();
                }
            }
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "slow.yaml").isEmpty());
        }
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
        // read once, complete: one request, and it holds both the first line (title) and the last (task)
        assertThat(model.prompts).singleElement().satisfies(p -> assertThat(p).contains("Slow", "Arrives last."));
    }

    @Test
    void should_fail_a_malformed_brief_within_seconds_while_a_long_brief_is_being_written() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.concurrency=1");
        FakeGenerators.Stuck slow = new FakeGenerators.Stuck(TinyModel.engine(), 0); // writes until stopped
        try (InkstonePipeline pipeline = f.start(slow)) {
            f.drop("long.yaml", PipelineFixture.brief("Long"));
            assertThat(slow.started.await(60, TimeUnit.SECONDS)).isTrue();
            f.drop("bad.yaml", "titel: Bad\ntask: Write.\n");
            Await.until("bad brief failed while the model is busy", Duration.ofSeconds(10),
                    () -> Files.exists(f.inbox.resolve("failed/bad.error.md")));
            assertThat(f.files(f.inbox.resolve("in-progress"), "long.yaml")).as("still being written").hasSize(1);
        }
        assertThat(Files.readString(f.inbox.resolve("failed/bad.error.md"))).contains("**Stage:** validate", "bad.yaml:1:1:");
        assertThat(Files.readString(f.inbox.resolve("failed/bad.yaml"))).isEqualTo("titel: Bad\ntask: Write.\n");
    }

    @Test
    void should_register_a_schedule_brief_at_intake_while_a_long_brief_is_being_written() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.concurrency=1");
        FakeGenerators.Stuck slow = new FakeGenerators.Stuck(TinyModel.engine(), 0);
        try (InkstonePipeline pipeline = f.start(slow)) {
            f.drop("long.yaml", PipelineFixture.brief("Long"));
            assertThat(slow.started.await(60, TimeUnit.SECONDS)).isTrue();
            f.drop("daily.yaml", PipelineFixture.brief("Daily") + "schedule: {cron: \"0 0 7 * * ?\"}\n");
            Await.until("schedule adopted while the model is busy", Duration.ofSeconds(10),
                    () -> Files.exists(f.inbox.resolve("schedules/daily.yaml")));
        }
        assertThat(f.files(f.inbox.resolve("in-progress"), "daily.yaml")).isEmpty();
    }

    @Test
    void should_report_each_briefs_progress_as_plain_lines_while_it_is_written() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (InkstonePipeline pipeline = f.start(TinyModel.engine(), name -> new io.inkstone.compose.PeriodicProgress(
                line -> lines.add(name + " " + line), Duration.ZERO, System::nanoTime))) {
            f.drop("watched.yaml", PipelineFixture.brief("Watched") + "outline: [First, Second]\n");
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "watched.yaml").isEmpty());
        }
        assertThat(lines).contains("watched.yaml [sections]", "watched.yaml [sections] section 1/2 First",
                "watched.yaml [sections] section 2/2 Second");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("watched\\.yaml \\[sections] 2/2 Second  \\d+ tokens  [\\d.]+ tok/s  ETA .+"));
    }

    @Test
    void should_work_in_folders_with_spaces_and_chinese_names() throws Exception {
        PipelineFixture f = new PipelineFixture(Files.createDirectories(root.resolve("我的 墨石 #1")));
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("春天 的 故事.yaml", PipelineFixture.brief("春天"));
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "春天 的 故事.yaml").isEmpty());
        }
        assertThat(f.files(f.vault, "*.md")).singleElement().satisfies(note -> assertThat(note.getFileName().toString()).endsWith(" 春天.md"));
    }

    @Test
    void should_leave_other_files_in_the_inbox_alone() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            Files.createDirectories(f.inbox);
            Files.writeString(f.inbox.resolve("notes.txt"), "not a brief");
            Files.writeString(f.inbox.resolve(".hidden.yaml"), "title: editor swap file\n");
            f.drop("real.yaml", PipelineFixture.brief("Real"));
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "real.yaml").isEmpty());
        }
        try (Stream<Path> left = Files.list(f.inbox)) {
            assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", ".hidden.yaml");
        }
    }
}
