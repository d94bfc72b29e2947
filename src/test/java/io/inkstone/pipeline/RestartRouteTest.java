package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.Brief;
import io.inkstone.llm.Cancellation;
import io.inkstone.vault.VaultWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stops and restarts: nothing finished is redone, nothing interrupted is lost, nothing is done twice. */
class RestartRouteTest {

    @TempDir
    Path root;

    RecordingWritingService writingFor(PipelineFixture f) {
        return new RecordingWritingService(new VaultWriter(f.settings.vaultSettings(), (note, formats, out) -> List.of()));
    }

    /** Blocks in "composition" until cancelled, like the model in the middle of a long section. */
    static final class StuckWritingService implements WritingService {
        final CountDownLatch started = new CountDownLatch(1);
        volatile Path checkpoint;

        @Override
        public Written write(Brief brief, Path checkpointFile, Cancellation cancellation) throws Exception {
            checkpoint = checkpointFile;
            Files.createDirectories(checkpointFile.getParent());
            Files.writeString(checkpointFile, "{\"sections\": 1}");
            started.countDown();
            while (!cancellation.isCancelled()) Thread.sleep(10);
            throw new WritingInterruptedException("cancelled: " + cancellation.reason());
        }
    }

    @Test
    void should_resume_an_interrupted_brief_exactly_once_from_its_checkpoint() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        StuckWritingService stuck = new StuckWritingService();
        try (InkstonePipeline pipeline = f.start(stuck)) {
            f.drop("long.yaml", PipelineFixture.brief("Long"));
            assertThat(stuck.started.await(60, TimeUnit.SECONDS)).isTrue();
        } // Ctrl-C while the model is writing
        assertThat(f.files(f.inbox.resolve("in-progress"), "long.yaml")).hasSize(1);
        assertThat(stuck.checkpoint).exists();
        assertThat(f.files(f.inbox.resolve("failed"), "*")).isEmpty();

        RecordingWritingService writing = writingFor(f);
        CheckpointSpy spy = new CheckpointSpy(writing);
        try (InkstonePipeline pipeline = f.start(spy)) {
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "long.yaml").isEmpty());
        }
        assertThat(spy.checkpoints).containsExactly(stuck.checkpoint);
        assertThat(writing.written).containsExactly("Long");
        assertThat(f.files(f.vault, "*.md")).hasSize(1);
        assertThat(stuck.checkpoint).doesNotExist();

        RecordingWritingService third = writingFor(f);
        try (InkstonePipeline pipeline = f.start(third)) {
            f.drop("marker.yaml", PipelineFixture.brief("Marker"));
            Await.until("marker archived", () -> !f.files(f.inbox.resolve("archive"), "marker.yaml").isEmpty());
        }
        assertThat(third.written).as("finished briefs are not redone").containsExactly("Marker");
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

        RecordingWritingService writing = writingFor(f);
        try (InkstonePipeline pipeline = f.start(writing)) {
            Await.until("brief archived", () -> !f.files(folders.archive(), "done.yaml").isEmpty());
        }
        assertThat(writing.written).isEmpty();
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
        RecordingWritingService writing = writingFor(f);
        try (InkstonePipeline pipeline = f.start(writing)) {
            Await.until("error report", () -> Files.exists(folders.failed().resolve("crashy.error.md")));
        }
        assertThat(writing.written).isEmpty();
        assertThat(Files.readString(folders.failed().resolve("crashy.error.md"))).contains("**Stage:** resume", "stopped 4 times");
    }

    @Test
    void should_refuse_a_second_watcher_on_the_same_inbox() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(writingFor(f))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.start(writingFor(f)))
                    .isInstanceOf(SettingsException.class).hasMessageContaining("already watching this inbox")
                    .hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
        }
    }

    /** Records the checkpoint file each write is given. */
    static final class CheckpointSpy implements WritingService {
        final WritingService delegate;
        final List<Path> checkpoints = new java.util.concurrent.CopyOnWriteArrayList<>();

        CheckpointSpy(WritingService delegate) {
            this.delegate = delegate;
        }

        @Override
        public Written write(Brief brief, Path checkpointFile, Cancellation cancellation) throws Exception {
            checkpoints.add(checkpointFile);
            return delegate.write(brief, checkpointFile, cancellation);
        }
    }
}
