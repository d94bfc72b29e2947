package io.inkstone.llm.djl;

/**
 * How to run a model.
 *
 * @param dtype         compute precision ({@link Dtype#BF16} by default, {@link Dtype#F32} to verify)
 * @param contextLength positions the KV cache holds (prompt + answer); 0 = the default,
 *                      min({@value #DEFAULT_CONTEXT_LENGTH}, the model's max_position_embeddings)
 * @param threads       CPU threads for the tensor kernels; 0 = every available core
 */
public record EngineOptions(Dtype dtype, int contextLength, int threads) {

    /** The context length used when none is asked for (the model's limit when that is smaller). */
    public static final int DEFAULT_CONTEXT_LENGTH = 8192;

    public EngineOptions {
        if (dtype == null) dtype = Dtype.BF16;
        if (contextLength < 0) throw new IllegalArgumentException("context length must be positive (0 = default), got " + contextLength);
        if (threads < 0) throw new IllegalArgumentException("threads must be positive (0 = all cores), got " + threads);
    }

    /** bf16, the default context length, all cores. */
    public static EngineOptions defaults() {
        return new EngineOptions(Dtype.BF16, 0, 0);
    }

    public EngineOptions withDtype(Dtype d) {
        return new EngineOptions(d, contextLength, threads);
    }

    public EngineOptions withContextLength(int positions) {
        return new EngineOptions(dtype, positions, threads);
    }

    public EngineOptions withThreads(int count) {
        return new EngineOptions(dtype, contextLength, count);
    }

    /** The context length to allocate for a model trained up to {@code maxPositionEmbeddings} positions. */
    int resolveContextLength(int maxPositionEmbeddings) {
        return contextLength == 0 ? Math.min(DEFAULT_CONTEXT_LENGTH, maxPositionEmbeddings) : contextLength;
    }

    /** The thread count to use on this machine. */
    int resolveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
