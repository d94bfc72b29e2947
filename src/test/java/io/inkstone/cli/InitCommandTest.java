package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.pipeline.PipelineSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path root;

    static CliRun inkstone(String... args) {
        return CliRun.of(args);
    }

    @Test
    void should_create_the_folders_settings_and_samples() throws Exception {
        Path dir = root.resolve("my inkstone");
        CliRun run = inkstone("init", dir.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(dir.resolve("inbox")).isEmptyDirectory();
        assertThat(dir.resolve("vault")).isEmptyDirectory();
        assertThat(dir.resolve("models")).isDirectory();
        assertThat(dir.resolve("samples/scifi-story-zh.yaml")).hasSameTextualContentAs(
                Path.of(System.getProperty("inkstone.project.dir"), "samples/scifi-story-zh.yaml"));
        assertThat(run.out()).contains("inkstone run --config " + dir.resolve("inkstone.properties"), "samples/");

        PipelineSettings settings = PipelineSettings.load(dir.resolve("inkstone.properties"), Map.of());
        assertThat(settings.inbox()).isEqualTo(dir.resolve("inbox"));
        assertThat(settings.vault()).isEqualTo(dir.resolve("vault"));
        assertThat(settings.model()).isEqualTo(dir.resolve("models/Qwen3-4B-Instruct-2507").toString());
        assertThat(Files.readString(dir.resolve("inkstone.properties"))).contains("# ", "inkstone.concurrency");
    }

    @Test
    void should_refuse_to_overwrite_and_name_what_exists() throws Exception {
        Files.writeString(root.resolve("inkstone.properties"), "inkstone.inbox=mine\n");
        Files.createDirectories(root.resolve("samples"));
        Files.writeString(root.resolve("samples/blog-post-en.yaml"), "my own edit\n");

        CliRun run = inkstone("init", root.toString());

        assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("nothing was changed", root.resolve("inkstone.properties").toString(),
                root.resolve("samples/blog-post-en.yaml").toString());
        assertThat(Files.readString(root.resolve("inkstone.properties"))).isEqualTo("inkstone.inbox=mine\n");
        assertThat(Files.readString(root.resolve("samples/blog-post-en.yaml"))).isEqualTo("my own edit\n");
        assertThat(root.resolve("inbox")).doesNotExist();
    }
}
