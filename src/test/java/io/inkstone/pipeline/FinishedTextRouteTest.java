package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure after composing (filing in the vault, exporting) never loses the finished text. */
class FinishedTextRouteTest {

    @TempDir
    Path root;

    @Test
    void should_keep_the_finished_text_and_file_it_without_regenerating_when_the_brief_is_dropped_again() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        String brief = PipelineFixture.brief("Kept") + "vault:\n  folder: blocked\n";
        Path blocker = Files.createDirectories(f.vault).resolve("blocked");
        Files.writeString(blocker, "a file where the note's folder should be\n");
        Path report = f.inbox.resolve("failed/kept.error.md");
        Path draft = f.inbox.resolve("failed/kept.draft.md");
        try (InkstonePipeline pipeline = f.start(model)) {
            f.drop("kept.yaml", brief);
            Await.until("failed with the text kept", () -> Files.exists(report) && Files.exists(draft));
            int requests = model.prompts.size();
            assertThat(requests).isPositive();
            String text = Files.readString(draft);
            assertThat(text).startsWith("# Kept");
            assertThat(Files.readString(report)).contains("**Stage:** vault", "The finished text is kept", "kept.draft.md");

            Files.delete(blocker);
            f.drop("kept.yaml", brief);
            Await.until("filed from the kept text", () -> !f.files(f.vault.resolve("blocked"), "*.md").isEmpty());
            Path note = f.files(f.vault.resolve("blocked"), "*.md").getFirst();
            assertThat(Files.readString(note)).contains(text.strip());
            assertThat(model.prompts).as("the model was not asked again").hasSize(requests);
        }
        assertThat(f.files(f.settings.folders().drafts(), "*")).as("the kept piece is gone once filed").isEmpty();
    }
}
