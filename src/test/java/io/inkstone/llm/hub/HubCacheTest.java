package io.inkstone.llm.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.llm.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCacheTest {
    @TempDir Path tmp;

    /** The layout huggingface_hub writes: refs/main holds the commit, snapshots/COMMIT/ the files. */
    static Path layout(Path hub, String repo, String commit) throws Exception {
        Path folder = hub.resolve("models--" + repo.replace("/", "--"));
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), commit + "\n");
        Path snapshot = folder.resolve("snapshots/" + commit);
        Files.createDirectories(snapshot);
        Files.writeString(snapshot.resolve("config.json"), "{}");
        return snapshot;
    }

    @Test
    void theCacheFolderFollowsTheEnvironmentAsHuggingfaceHubDoes() {
        assertThat(HubCache.fromEnvironment(Map.of("HF_HUB_CACHE", "/a/hub", "HF_HOME", "/b"), "/home/u").root()).isEqualTo(Path.of("/a/hub"));
        assertThat(HubCache.fromEnvironment(Map.of("HF_HOME", "/b"), "/home/u").root()).isEqualTo(Path.of("/b/hub"));
        assertThat(HubCache.fromEnvironment(Map.of(), "/home/u").root()).isEqualTo(Path.of("/home/u/.cache/huggingface/hub"));
    }

    @Test
    void aRepoIdResolvesToItsMainSnapshot() throws Exception {
        String commit = "a".repeat(40);
        Path snapshot = layout(tmp, "Qwen/Qwen3-4B-Instruct-2507", commit);
        HubCache cache = HubCache.fromEnvironment(Map.of("HF_HUB_CACHE", tmp.toString()), "/nowhere");

        assertThat(cache.resolve("Qwen/Qwen3-4B-Instruct-2507")).isEqualTo(snapshot);
        assertThat(cache.resolve("Qwen/Qwen3-4B-Instruct-2507@" + commit)).isEqualTo(snapshot);
        // a folder is taken as it is
        assertThat(cache.resolve(snapshot.toString())).isEqualTo(snapshot);
        assertThat(HubCache.meansHub("Qwen/Qwen3-4B-Instruct-2507")).isTrue();
        assertThat(HubCache.meansHub(tmp.toString())).isFalse();
    }

    @Test
    void aMissingRepoSaysHowToPullIt() {
        HubCache cache = new HubCache(tmp);
        assertThatThrownBy(() -> cache.resolve("Qwen/Qwen3-4B"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("inkstone model pull Qwen/Qwen3-4B")
                .hasMessageContaining(tmp.toString());
        assertThat(HubCache.isRepoId("../x")).isFalse();
        assertThat(HubCache.isRepoId("a/b/c")).isFalse();
    }
}
