package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.pipeline.InkstoneProcess;
import io.inkstone.pipeline.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command: {@code inkstone init DIR}, then {@code inkstone run --config DIR} (in its own process,
 * with the tiny synthetic model), a sample brief copied into the inbox, and SIGTERM (what Ctrl-C does) to stop.
 */
class RunCommandTest {

    @TempDir
    Path root;

    @Test
    void should_watch_an_init_folder_and_stop_cleanly() throws Exception {
        Path dir = root.resolve("inkstone");
        assertThat(InitCommandTest.inkstone("init", dir.toString()).code()).isZero();
        // what a user with a slow machine might set: short model requests, one thread, a quick inbox
        Files.writeString(dir.resolve("inkstone.properties"), String.join("\n", "",
                "inkstone.model=" + TinyModel.folder(),
                "inkstone.model.threads=1",
                "inkstone.compose.maxContinuations=0",
                "inkstone.compose.sectionMaxNewTokens=64",
                "inkstone.compose.outlineMaxNewTokens=64",
                "inkstone.export.formats=epub",
                "inkstone.inbox.stableMillis=300",
                "inkstone.inbox.pollMillis=100",
                "inkstone.http.port=0", ""), StandardOpenOption.APPEND);
        Path log = root.resolve("run.log");
        Process run = new ProcessBuilder(InkstoneProcess.command("run", "--config", dir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Files.copy(dir.resolve("samples/blog-post-en.yaml"), dir.resolve("inbox/blog-post-en.yaml"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (archived(dir) == 0 && run.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(archived(dir)).as("archived; log:\n" + Files.readString(log)).isEqualTo(1);

            CliRun status = InitCommandTest.inkstone("status", dir.toString());
            assertThat(status.out()).contains("watcher:     running (process " + run.pid() + ")", "done:        1", "blog-post-en.yaml");
        } finally {
            run.destroy(); // SIGTERM: the JVM's shutdown hooks run, as on Ctrl-C
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String output = Files.readString(log);
        assertThat(output).contains("model tiny (synthetic Qwen3, random weights) loaded", "watching " + dir.resolve("inbox"),
                "brief=blog-post-en.yaml outcome=done", "is shutting down");
        try (Stream<Path> notes = Files.walk(dir.resolve("vault"))) {
            assertThat(notes.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("/.inkstone/"))).hasSize(1);
        }
        assertThat(InitCommandTest.inkstone("status", dir.toString()).out()).contains("watcher:     not running");
    }

    private static long archived(Path dir) {
        try (Stream<Path> files = Files.walk(dir.resolve("inbox/archive"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (Exception notYet) {
            return 0;
        }
    }
}
