package io.inkstone.pipeline;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import io.inkstone.prompt.ChatMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Test doubles for the model (route tests that need no real model: failures, restarts, queueing). */
final class FakeGenerators {

    private FakeGenerators() {}

    /** Answers every request with a short text at once and records the last user message of each. */
    static final class Canned implements Generator {
        final List<String> prompts = new CopyOnWriteArrayList<>();

        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            prompts.add(request.messages().isEmpty() ? request.rawPrompt() : request.messages().getLast().content());
            String text = "A few plain words about the subject, written by a test double.";
            listener.onText(text);
            return new GenerationResult(text, "", StopReason.END_OF_SEQUENCE, 10, 12, List.of(), new GenerationResult.Timings(0.001, 0.01));
        }

        /** How many requests mentioned {@code text} (a brief's title, say). */
        long requestsMentioning(String text) {
            return prompts.stream().filter(p -> p.contains(text)).count();
        }

        @Override public String modelName() { return "canned test double"; }

        @Override public int contextLength() { return 8192; }
    }

    /**
     * Answers the first {@code answers} requests like {@link Canned}, then generates nothing until cancelled, like a
     * model in the middle of a long section when Ctrl-C comes.
     */
    static final class Stuck implements Generator {
        final CountDownLatch started = new CountDownLatch(1);
        private final Canned canned = new Canned();
        private final int answers;
        private int calls;

        Stuck() {
            this(0);
        }

        Stuck(int answers) {
            this.answers = answers;
        }

        @Override
        public synchronized GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            if (calls++ < answers) return canned.generate(request, listener, cancellation);
            started.countDown();
            while (!cancellation.isCancelled()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new GenerationResult("", "", StopReason.CANCELLED, 10, 0, List.of(), new GenerationResult.Timings(0.001, 0));
        }

        @Override public String modelName() { return "stuck test double"; }

        @Override public int contextLength() { return 8192; }
    }

    /** The user message of a chat request. */
    static String userText(List<ChatMessage> messages) {
        return messages.getLast().content();
    }
}
