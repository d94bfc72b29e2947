package io.inkstone.llm.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPullerTest {
    static final String REPO = "Qwen/Qwen3-Tiny";

    @TempDir Path tmp;
    FakeHub hub;
    HubCache cache;
    byte[] weights;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub(REPO);
        weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        hub.add("config.json", "{\"architectures\":[\"Qwen3ForCausalLM\"]}".getBytes(StandardCharsets.UTF_8), false);
        hub.add("model.safetensors", weights, true);
        cache = new HubCache(tmp.resolve("hub"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private ModelPuller puller(int attempts) {
        return new ModelPuller(cache, hub.endpoint(), "hf_secret", attempts);
    }

    @Test
    void pullsIntoTheHubCacheLayoutThatResolveFinds() throws Exception {
        List<Long> progress = new ArrayList<>();
        ModelPuller.Result result = puller(3).pull(REPO, "main", (file, done, total) -> progress.add(done));

        Path repo = tmp.resolve("hub/models--Qwen--Qwen3-Tiny");
        assertThat(result.commit()).isEqualTo(FakeHub.COMMIT);
        assertThat(repo.resolve("refs/main")).hasContent(FakeHub.COMMIT);
        Path snapshot = repo.resolve("snapshots/" + FakeHub.COMMIT);
        assertThat(Files.isSymbolicLink(snapshot.resolve("model.safetensors"))).isTrue();
        assertThat(Files.readAllBytes(snapshot.resolve("model.safetensors"))).isEqualTo(weights);
        assertThat(repo.resolve("blobs/" + FakeHub.sha256(weights))).exists();
        assertThat(cache.resolve(REPO)).isEqualTo(snapshot);
        assertThat(progress).isNotEmpty().last().isEqualTo((long) weights.length + hub.files.get("config.json").content().length);
        // the token goes to the hub, never to the CDN it redirects to (another path here, same host: still the hub)
        assertThat(hub.authorizations).contains("Bearer hf_secret");

        // a second pull finds everything complete and downloads nothing
        hub.requests.clear();
        ModelPuller.Result again = puller(3).pull(REPO, "main", ModelPuller.Progress.NONE);
        assertThat(again.downloaded()).isZero();
        assertThat(hub.requests).allMatch(r -> r.contains("/api/models/"));
    }

    @Test
    void aDroppedConnectionIsResumedWithRange() throws Exception {
        hub.dropAfterBytes = 100_000;
        hub.dropsLeft.set(1);

        ModelPuller.Result result = puller(3).pull(REPO, "main", ModelPuller.Progress.NONE);

        assertThat(Files.readAllBytes(result.snapshot().resolve("model.safetensors"))).isEqualTo(weights);
        // what arrived before the drop (up to 100000 bytes, as far as the socket delivered them) is asked for no more
        assertThat(hub.requests).anyMatch(r -> r.startsWith("GET /cdn/") && r.matches(".* bytes=[1-9][0-9]*-"));
        // only the missing part travelled the second time
        assertThat(result.bytesDownloaded()).isLessThan(weights.length + 1000L);
    }

    @Test
    void anInterruptedPullResumesInTheNextRun() throws Exception {
        hub.dropAfterBytes = 120_000;
        hub.dropsLeft.set(1);
        assertThatThrownBy(() -> puller(1).pull(REPO, "main", ModelPuller.Progress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("broke off")
                .hasMessageContaining("resumes");
        Path partial = tmp.resolve("hub/models--Qwen--Qwen3-Tiny/blobs/" + FakeHub.sha256(weights) + ".incomplete");
        long kept = Files.size(partial);
        assertThat(kept).isBetween(1L, 120_000L);

        ModelPuller.Result result = puller(1).pull(REPO, "main", ModelPuller.Progress.NONE);
        assertThat(Files.readAllBytes(result.snapshot().resolve("model.safetensors"))).isEqualTo(weights);
        assertThat(hub.requests).anyMatch(r -> r.startsWith("GET /cdn/") && r.endsWith("bytes=" + kept + "-"));
        assertThat(partial).doesNotExist();
    }

    @Test
    void aWrongChecksumIsAClearErrorAndTheBadFileIsNotKept() throws Exception {
        hub.corrupt = true;
        assertThatThrownBy(() -> puller(2).pull(REPO, "main", ModelPuller.Progress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("removed");
        Path repo = tmp.resolve("hub/models--Qwen--Qwen3-Tiny");
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertThat(blobs.map(p -> p.getFileName().toString()).toList()).isEmpty();
        }
        assertThat(repo.resolve("refs/main")).doesNotExist();
        assertThat(cache.snapshot(REPO, "main")).isEmpty();
    }

    @Test
    void anUnknownRepoSaysSo() {
        assertThatThrownBy(() -> puller(1).pull("Qwen/Nope", "main", ModelPuller.Progress.NONE))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> puller(1).pull("../etc", "main", ModelPuller.Progress.NONE))
                .hasMessageContaining("not a Hugging Face repo id");
    }
}
