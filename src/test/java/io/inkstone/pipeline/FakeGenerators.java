package io.inkstone.pipeline;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Test doubles around the model: one that records what it is asked, one that fails, one that hangs mid-section. */
final class FakeGenerators {

    private FakeGenerators() {}

    /** Passes every request to the real (tiny) model and records the last user message of each. */
    static final class Recording implements Generator {
        final List<String> prompts = new CopyOnWriteArrayList<>();
        private final Generator model;

        Recording(Generator model) {
            this.model = model;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            prompts.add(request.messages().isEmpty() ? request.rawPrompt() : request.messages().getLast().content());
            return model.generate(request, listener, cancellation);
        }

        /** How many requests mentioned {@code text} (a brief's task sentence, say). */
        long requestsMentioning(String text) {
            return prompts.stream().filter(p -> p.contains(text)).count();
        }

        @Override public String modelName() { return model.modelName(); }

        @Override public int contextLength() { return model.contextLength(); }
    }

    /** Fails every request, like a model that runs out of memory. */
    static final class Broken implements Generator {
        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            throw new IllegalStateException("the model ran out of memory (test double)");
        }

        @Override public String modelName() { return "broken test double"; }

        @Override public int contextLength() { return 4096; }
    }

    /**
     * Passes the first {@code answers} requests to the real model, then hangs in the next one until cancelled,
     * reporting progress (but no text) every 10 ms like a very slow model in the middle of a long section when
     * Ctrl-C comes.
     */
    static final class Stuck implements Generator {
        final CountDownLatch started = new CountDownLatch(1);
        private final Generator model;
        private final int answers;
        private int calls;

        Stuck(Generator model, int answers) {
            this.model = model;
            this.answers = answers;
        }

        @Override
        public synchronized GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            if (calls++ < answers) return model.generate(request, listener, cancellation);
            started.countDown();
            while (!cancellation.isCancelled()) {
                listener.onProgress(0, request.sampling().maxNewTokens(), 0);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new GenerationResult("", "", StopReason.CANCELLED, 10, 0, List.of(), new GenerationResult.Timings(0.001, 0));
        }

        @Override public String modelName() { return model.modelName(); }

        @Override public int contextLength() { return model.contextLength(); }
    }
}
