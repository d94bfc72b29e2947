package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.djl.Dtype;
import io.inkstone.llm.djl.EngineOptions;
import io.inkstone.llm.djl.Qwen3Engine;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four briefs dropped at once are written together: their generations are in flight at the same time and decode in one batch. */
class BatchRouteTest {

    @TempDir
    Path root;

    /** Passes requests to the batching engine and records how many are in flight at once. */
    static final class Overlap implements Generator {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        private final Generator model;

        Overlap(Generator model) {
            this.model = model;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return model.generate(request, listener, cancellation);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override public int parallelism() { return model.parallelism(); }

        @Override public String modelName() { return model.modelName(); }

        @Override public int contextLength() { return model.contextLength(); }
    }

    @Test
    void should_decode_four_dropped_briefs_together() throws Exception {
        PipelineFixture f = new PipelineFixture(root, "300", "none", "inkstone.concurrency=4", "inkstone.model.maxBatch=4");
        try (Qwen3Engine engine = Qwen3Engine.open(TinyModel.folder(), new EngineOptions(Dtype.BF16, 1024, 1).withMaxBatch(4),
                LoadProgress.NONE)) {
            Overlap model = new Overlap(engine);
            try (InkstonePipeline pipeline = f.start(model)) {
                // staged first, then moved in within one poll, so the watcher picks all four up together
                for (String name : new String[] {"autumn", "winter", "spring", "summer"}) f.drop(name + ".yaml", PipelineFixture.brief(name));
                Await.until("four briefs archived", () -> f.files(f.inbox.resolve("archive"), "*.yaml").size() == 4);
            }
            assertThat(f.files(f.vault, "*.md")).hasSize(4);
            assertThat(model.most.get()).as("generations in flight at once").isGreaterThanOrEqualTo(2);
            assertThat(engine.widestBatch()).as("sequences in one decode step").isGreaterThanOrEqualTo(2);
        }
    }
}
