package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inkstone.llm.hub.FakeHub;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.Setting;
import io.inkstone.pipeline.TinyModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model pull} against an imitation hub, then {@code --model ORG/NAME} finding it in the cache. */
class ModelPullCommandTest {

    @TempDir Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void pullThenUseTheRepoIdAsTheModel() throws Exception {
        assumeTrue(System.getenv("HF_HUB_CACHE") == null && System.getenv("HF_HOME") == null,
                "HF_HUB_CACHE or HF_HOME is set: this test places the cache under a temporary user.home");
        Path hubCache = tmp.resolve("home/.cache/huggingface/hub");
        try (FakeHub hub = new FakeHub("Qwen/Qwen3-Tiny"); Stream<Path> files = Files.list(TinyModel.folder())) {
            for (Path f : files.toList()) hub.add(f.getFileName().toString(), Files.readAllBytes(f), f.toString().endsWith(".safetensors"));

            CliRun pulled = run("model", "pull", "Qwen/Qwen3-Tiny", "--cache", hubCache.toString(), "--endpoint", hub.endpoint().toString());
            assertThat(pulled.code()).as(pulled.err()).isZero();
            assertThat(pulled.out()).contains("is complete").contains("--model Qwen/Qwen3-Tiny");
            assertThat(pulled.err()).contains("100.0%");
        }
        String home = System.getProperty("user.home");
        System.setProperty("user.home", tmp.resolve("home").toString());
        try {
            CliRun info = run("model", "info", "Qwen/Qwen3-Tiny");
            assertThat(info.code()).as(info.err()).isZero();
            assertThat(info.out()).contains("snapshots/" + FakeHub.COMMIT).contains("SYNTHETIC");

            PipelineSettings settings = PipelineSettings.load(null, Map.of(Setting.INBOX, tmp.resolve("inbox").toString(),
                    Setting.VAULT, tmp.resolve("vault").toString(), Setting.MODEL, "Qwen/Qwen3-Tiny"));
            assertThat(settings.model()).isEqualTo("Qwen/Qwen3-Tiny");

            CliRun missing = run("model", "info", "Qwen/Qwen3-Absent");
            assertThat(missing.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
            assertThat(missing.err()).contains("inkstone model pull Qwen/Qwen3-Absent");
        } finally {
            System.setProperty("user.home", home);
        }
    }
}
