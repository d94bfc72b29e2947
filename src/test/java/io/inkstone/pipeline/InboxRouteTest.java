package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.vault.NoteExporter;
import io.inkstone.vault.VaultWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxRouteTest {

    @TempDir
    Path root;

    @Test
    void should_turn_a_dropped_brief_into_a_note_and_archive_the_brief() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        NoteExporter none = (note, formats, out) -> java.util.List.of();
        RecordingWritingService writing = new RecordingWritingService(new VaultWriter(f.settings.vaultSettings(), none));
        try (InkstonePipeline pipeline = f.start(writing)) {
            f.drop("spring.yaml", PipelineFixture.brief("Spring"));
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "spring.yaml").isEmpty());
        }
        assertThat(f.files(f.vault, "*.md")).hasSize(1);
        assertThat(f.files(f.inbox.resolve("in-progress"), "*")).isEmpty();
        assertThat(Files.list(f.inbox).filter(Files::isRegularFile)).isEmpty();
    }
}
