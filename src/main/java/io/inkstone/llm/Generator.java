package io.inkstone.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * The one door to a language model. Everything outside {@code llm} talks to this interface only.
 * Implementations are thread-safe: concurrent calls are queued, or (a {@link #parallelism()} above 1) decoded
 * together, each caller blocking until its own generation ends.
 */
public interface Generator extends AutoCloseable {

    /** Generates one answer, streaming deltas to {@code listener}; returns when it stops. */
    GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation);

    default GenerationResult generate(GenerationRequest request) {
        return generate(request, GenerationListener.NONE, new Cancellation());
    }

    /**
     * Generates several independent answers. An engine that decodes several sequences at once does so;
     * the default runs them one by one. Results come back in request order. They are deterministic for the same
     * requests, seeds and schedule; a batching engine's results may differ from one-by-one calls within its
     * numeric tolerance (a batch of 1 gives exactly the one-by-one results).
     */
    default List<GenerationResult> generateAll(List<GenerationRequest> requests, GenerationListener listener, Cancellation cancellation) {
        List<GenerationResult> out = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) out.add(generate(r, listener, cancellation));
        return out;
    }

    /**
     * How many generations this generator decodes together (continuous batching); 1 when calls run one at a time.
     * Callers may keep this many (or more: the rest wait) generations in flight from several threads.
     */
    default int parallelism() {
        return 1;
    }

    /**
     * One line on what the generator has done since it was opened, for logs (e.g. how much of the prompts a cached
     * prefix saved); empty when it keeps no such figures.
     */
    default String usage() {
        return "";
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
