package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static long sectionsCheckpointed(PipelineFixture f) {
        try (var files = Files.list(f.inbox.resolve(".inkstone/checkpoints"))) {
            for (Path checkpoint : files.toList()) {
                String json = Files.readString(checkpoint);
                return json.split("\"heading\"", -1).length - 1;
            }
        } catch (Exception notYet) {
            // the folder or file is being created
        }
        return 0;
    }
}
