package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stops and restarts: nothing finished is redone, nothing interrupted is lost, nothing is done twice. */
class RestartRouteTest {

    @TempDir
    Path root;

    @Test
    void should_resume_an_interrupted_brief_exactly_once_after_a_stop() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Stuck stuck = new FakeGenerators.Stuck(TinyModel.engine(), 0);
        try (InkstonePipeline pipeline = f.start(stuck)) {
            f.drop("long.yaml", PipelineFixture.brief("Long"));
            assertThat(stuck.started.await(60, TimeUnit.SECONDS)).isTrue();
        } // Ctrl-C while the model is writing
        assertThat(f.files(f.inbox.resolve("in-progress"), "long.yaml")).hasSize(1);
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();
        assertThat(f.files(f.vault, "*.md")).isEmpty();

        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "long.yaml").isEmpty());
        }
        assertThat(InboxRouteTest.requestsFor(model, "Long")).isEqualTo(1);
        assertThat(f.files(f.vault, "*.md")).hasSize(1);
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();

        FakeGenerators.Recording third = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(third)) {
            f.drop("marker.yaml", PipelineFixture.brief("Marker"));
            Await.until("marker archived", () -> !f.files(f.inbox.resolve("archive"), "marker.yaml").isEmpty());
        }
        assertThat(third.prompts).as("finished briefs are not redone").hasSize(1);
        assertThat(InboxRouteTest.requestsFor(third, "Marker")).isEqualTo(1);
        assertThat(f.files(f.vault, "*.md")).hasSize(2);
    }

    @Test
    void should_resume_a_long_piece_from_its_last_finished_section() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        String yaml = PipelineFixture.brief("Sections") + "outline:\n  - Alpha part\n  - Beta part\n  - Gamma part\n";
        FakeGenerators.Stuck stuck = new FakeGenerators.Stuck(TinyModel.engine(), 1); // finishes section 1, then hangs in section 2
        try (InkstonePipeline pipeline = f.start(stuck)) {
            f.drop("sections.yaml", yaml);
            assertThat(stuck.started.await(60, TimeUnit.SECONDS)).isTrue();
        }
        Path claimed = f.files(f.inbox.resolve("in-progress"), "sections.yaml").getFirst();
        assertThat(f.settings.folders().checkpoint(Inbox.claimOf(claimed))).as("checkpoint after section 1").exists();

        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "sections.yaml").isEmpty());
        }
        assertThat(model.prompts).as("only sections 2 and 3 are written after the restart").hasSize(2);
        Path note = f.files(f.vault, "*.md").getFirst();
        assertThat(Files.readString(note)).contains("## Alpha part", "## Beta part", "## Gamma part");
        assertThat(f.settings.folders().checkpoint(Inbox.claimOf(claimed))).doesNotExist();
    }

    @Test
    void should_archive_without_rewriting_a_brief_whose_note_was_written_before_a_crash() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        InboxFolders folders = f.settings.folders();
        // the state a kill -9 leaves between "note written" and "brief archived"
        Path claimed = folders.inProgress().resolve("20250101-070000-001").resolve("done.yaml");
        Files.createDirectories(claimed.getParent());
        Files.writeString(claimed, PipelineFixture.brief("Done"));
        Path note = Files.createDirectories(f.vault.resolve("Inkstone")).resolve("2025-01-01 Done.md");
        Files.writeString(note, "---\ntitle: Done\n---\n# Done\n");
        Ledger ledger = new Ledger(folders.ledger());
        ledger.append(Ledger.Entry.of(Instant.now(), Ledger.Event.CLAIMED, "20250101-070000-001", "done.yaml"));
        ledger.append(Ledger.Entry.of(Instant.now(), Ledger.Event.WRITTEN, "20250101-070000-001", "done.yaml").withNote(note.toString()));

        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("brief archived", () -> !f.files(folders.archive(), "done.yaml").isEmpty());
        }
        assertThat(model.prompts).isEmpty();
        assertThat(f.files(f.vault, "*.md")).containsExactly(note);
        assertThat(ledger.last("20250101-070000-001")).hasValueSatisfying(e -> assertThat(e.event()).isEqualTo(Ledger.Event.ARCHIVED));
    }

    @Test
    void should_fail_a_brief_that_keeps_stopping_inkstone_instead_of_retrying_it_forever() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        InboxFolders folders = f.settings.folders();
        Path claimed = folders.inProgress().resolve("20250101-070000-001").resolve("crashy.yaml");
        Files.createDirectories(claimed.getParent());
        Files.writeString(claimed, PipelineFixture.brief("Crashy"));
        Ledger ledger = new Ledger(folders.ledger());
        for (int i = 0; i < f.settings.resumeMaxAttempts(); i++) {
            ledger.append(Ledger.Entry.of(Instant.now(), Ledger.Event.RESUMED, "20250101-070000-001", "crashy.yaml"));
        }
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("error report", () -> Files.exists(folders.failed().resolve("crashy.error.md")));
        }
        assertThat(model.prompts).isEmpty();
        assertThat(Files.readString(folders.failed().resolve("crashy.error.md"))).contains("**Stage:** resume", "stopped 4 times");
        assertThat(Files.readString(folders.failed().resolve("crashy.yaml"))).isEqualTo(PipelineFixture.brief("Crashy"));
    }

    @Test
    void should_validate_a_resumed_brief_and_fail_it_with_its_report_when_it_no_longer_reads() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        InboxFolders folders = f.settings.folders();
        Path claimed = folders.inProgress().resolve("20250101-070000-001").resolve("edited.yaml");
        Files.createDirectories(claimed.getParent());
        Files.writeString(claimed, "title: Edited\nlength: lots\n"); // broken while Inkstone was stopped
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("error report", () -> Files.exists(folders.failed().resolve("edited.error.md")));
        }
        assertThat(model.prompts).isEmpty();
        assertThat(Files.readString(folders.failed().resolve("edited.error.md"))).contains("**Stage:** validate", "edited.yaml:2:9:");
        assertThat(f.files(folders.inProgress(), "*")).isEmpty();
    }

    @Test
    void should_refuse_a_second_watcher_on_the_same_inbox() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(new FakeGenerators.Recording(TinyModel.engine()))) {
            assertThatThrownBy(() -> f.start(new FakeGenerators.Recording(TinyModel.engine())))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("already watching this inbox")
                    .hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
        }
    }
}
