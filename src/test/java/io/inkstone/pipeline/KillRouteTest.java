package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9}: {@code inkstone run} in its own process is killed in the middle of a long piece, after its
 * first section was checkpointed; a restart finishes the brief exactly once, writing only the missing sections.
 */
class KillRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void should_finish_a_brief_exactly_once_after_the_watcher_was_killed() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        // the killed run writes slower sections (512 tokens), so it is surely killed in the middle of one
        Path slow = Files.writeString(root.resolve("slow.properties"),
                Files.readString(f.settings.configFile()).replace("inkstone.compose.sectionMaxNewTokens=64", "inkstone.compose.sectionMaxNewTokens=512"));
        Files.createDirectories(f.inbox);
        Path log = root.resolve("run.log");
        Process run = new ProcessBuilder(InkstoneProcess.command("run", "--config", slow.toString(), "--model", TinyModel.folder().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            f.drop("long.yaml", "title: Long\ntype: essay\nlanguage: en\ntask: Write about Long.\nlength: 3000 words\n"
                    + "outline: [Alpha part, Beta part, Gamma part]\n");
            Await.until("first section checkpointed (log: " + log + ")", () -> sectionsCheckpointed(f) >= 1 || !run.isAlive());
            assertThat(run.isAlive()).as("watcher still running").isTrue();
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyForcibly();
        }
        assertThat(f.files(f.inbox.resolve("in-progress"), "long.yaml")).hasSize(1);
        assertThat(f.files(f.vault, "*.md")).isEmpty();

        FakeGenerators.Recording model = new FakeGenerators.Recording(TinyModel.engine());
        try (InkstonePipeline pipeline = f.start(model)) {
            Await.until("brief archived", () -> !f.files(f.inbox.resolve("archive"), "long.yaml").isEmpty());
        }
        assertThat(model.prompts).as("only the sections not checkpointed are written again").hasSizeBetween(1, 2);
        Path note = f.files(f.vault, "*.md").getFirst();
        assertThat(f.files(f.vault, "*.md")).hasSize(1);
        assertThat(Files.readString(note)).contains("## Alpha part", "## Beta part", "## Gamma part");
        assertThat(new Ledger(f.settings.folders().ledger()).entries()).extracting(Ledger.Entry::event)
                .containsExactly(Ledger.Event.CLAIMED, Ledger.Event.RESUMED, Ledger.Event.WRITTEN, Ledger.Event.ARCHIVED);
    }

    /**
     * Sections saved in the brief's own checkpoint, {@code checkpoints/<claim>.json}: the file a restart resumes from.
     * Only that file counts: while a section is being saved, the same folder holds AtomicFiles' hidden temporary
     * ({@code .inkstone-<uuid>.part.json}) with the new section already in it, and until the rename the checkpoint
     * itself still has the old content; a process killed then resumes from the old one.
     */
    private static int sectionsCheckpointed(PipelineFixture f) {
        try (var claims = Files.list(f.settings.folders().inProgress())) {
            for (Path claim : claims.toList()) {
                Path checkpoint = f.settings.folders().checkpoint(claim.getFileName().toString());
                if (Files.exists(checkpoint)) return JSON.readTree(checkpoint.toFile()).path("sections").size();
            }
        } catch (Exception notYet) {
            // the brief is not claimed yet, or its checkpoint is being created
        }
        return 0;
    }
}
