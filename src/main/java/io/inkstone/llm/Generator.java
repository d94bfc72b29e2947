package io.inkstone.llm;

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
