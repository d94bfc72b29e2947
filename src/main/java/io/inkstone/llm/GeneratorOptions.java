package io.inkstone.llm;

import java.util.Locale;

/**
 * How to run a model, as a backend-neutral request: the backend named by the model reference interprets it.
 *
 * @param dtype         weight/compute format asked for ({@code "int4"}, {@code "int8"}, {@code "bf16"}, {@code "f32"}, ...), or null
 *                      for the backend's default; a backend that does not know the value refuses it at load
 * @param contextLength positions a sequence may hold (prompt + answer); 0 = the backend's default
 * @param threads       CPU threads; 0 = every available core
 * @param maxBatch      generations decoded together by a batching backend; 0 = the backend's default, 1 = one at a
 *                      time (reproducible golden runs)
 */
public record GeneratorOptions(String dtype, int contextLength, int threads, int maxBatch) {

    public GeneratorOptions {
        if (dtype != null) {
            dtype = dtype.trim().toLowerCase(Locale.ROOT);
            if (dtype.isEmpty()) dtype = null;
        }
        if (contextLength < 0) throw new IllegalArgumentException("context length must be positive (0 = default), got " + contextLength);
        if (threads < 0) throw new IllegalArgumentException("threads must be positive (0 = all cores), got " + threads);
        if (maxBatch < 0) throw new IllegalArgumentException("the batch must be positive (0 = default), got " + maxBatch);
    }

    /** The backend's default batch. */
    public GeneratorOptions(String dtype, int contextLength, int threads) {
        this(dtype, contextLength, threads, 0);
    }

    /** The backend's default format and context, all cores. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(null, 0, 0);
    }

    public GeneratorOptions withDtype(String d) {
        return new GeneratorOptions(d, contextLength, threads, maxBatch);
    }

    public GeneratorOptions withContextLength(int positions) {
        return new GeneratorOptions(dtype, positions, threads, maxBatch);
    }

    public GeneratorOptions withThreads(int count) {
        return new GeneratorOptions(dtype, contextLength, count, maxBatch);
    }

    public GeneratorOptions withMaxBatch(int sequences) {
        return new GeneratorOptions(dtype, contextLength, threads, sequences);
    }
}
