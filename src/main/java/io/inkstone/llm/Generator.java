package io.inkstone.llm;

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
