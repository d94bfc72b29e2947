package io.inkstone.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * The one door to a language model. Everything outside {@code llm} talks to this interface only.
 * Implementations are thread-safe in the sense that concurrent calls are queued, not interleaved.
 */
public interface Generator extends AutoCloseable {

    /** Generates one answer, streaming deltas to {@code listener}; returns when it stops. */
    GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation);

    default GenerationResult generate(GenerationRequest request) {
        return generate(request, GenerationListener.NONE, new Cancellation());
    }

    /**
     * Generates several independent answers. An engine that decodes several sequences at once does so;
     * the default runs them one by one. Results come back in request order and equal what
     * one-by-one calls would give (same seeds, same inputs).
     */
    default List<GenerationResult> generateAll(List<GenerationRequest> requests, GenerationListener listener, Cancellation cancellation) {
        List<GenerationResult> out = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) out.add(generate(r, listener, cancellation));
        return out;
    }

    /** A short human name of the model ("Qwen3-4B-Instruct-2507", "synthetic qwen3 tiny"). */
    String modelName();

    /** How many tokens a prompt plus answer may hold. */
    int contextLength();

    /** One line for logs: how the model runs ("bf16 on cpu, 2 threads, context 8192"). */
    default String describe() {
        return "context " + contextLength();
    }

    /** Seconds loading took (0 when not measured). */
    default double loadSeconds() {
        return 0;
    }

    @Override
    default void close() {}
}
