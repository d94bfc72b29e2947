package io.inkstone.llm.djl;

import java.nio.file.Path;

/**
 * How to run a model.
 *
 * @param dtype          compute precision ({@link Dtype#INT4} by default, {@link Dtype#F32} to verify)
 * @param contextLength  positions a sequence may hold (prompt + answer); 0 = the default,
 *                       min({@value #DEFAULT_CONTEXT_LENGTH}, the model's max_position_embeddings). The KV cache
 *                       grows towards it as sequences get longer.
 * @param threads        CPU threads for the tensor kernels; 0 = every available core
 * @param prefillWeights which weights prompt chunks read in a quantized dtype
 * @param cacheDir       where TorchScript archives and quantized weights are cached; null = {@code -Dinkstone.cache.dir},
 *                       else {@code ~/.cache/inkstone}
 * @param maxBatch       sequences decoded together (continuous batching, with prefix reuse); 1 = one generation at a
 *                       time, every prompt prefilled from position 0 (golden tests). The KV cache is planned at load for
 *                       this many sequences of {@code contextLength} positions (fewer when memory is short)
 */
public record EngineOptions(Dtype dtype, int contextLength, int threads, PrefillWeights prefillWeights, Path cacheDir, int maxBatch) {

    /** Sequences decoded together when a backend-neutral request leaves it to the engine. */
    public static final int DEFAULT_MAX_BATCH = 4;

    /** The context length used when none is asked for (the model's limit when that is smaller). */
    public static final int DEFAULT_CONTEXT_LENGTH = 8192;

    /** The dtype used when none is asked for. */
    public static final Dtype DEFAULT_DTYPE = Dtype.INT4;

    /** Which weights prompt chunks (many tokens per call) read when the dtype is quantized. */
    public enum PrefillWeights {
        /** bf16 when the memory available at load holds them besides everything else, else the quantized ones. */
        AUTO,
        /** Always the bf16 weights (faster prompts, the bf16 weights' pages stay in memory). */
        BF16,
        /** The quantized weights (least memory, slower prompts). */
        QUANTIZED;

        public static PrefillWeights fromLabel(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "bf16" -> BF16;
                case "quantized", "int4", "int8" -> QUANTIZED;
                default -> throw new IllegalArgumentException("unknown prefill weights '" + text + "': use auto, bf16 or quantized");
            };
        }
    }

    public EngineOptions {
        if (dtype == null) dtype = DEFAULT_DTYPE;
        if (prefillWeights == null) prefillWeights = PrefillWeights.AUTO;
        if (contextLength < 0) throw new IllegalArgumentException("context length must be positive (0 = default), got " + contextLength);
        if (threads < 0) throw new IllegalArgumentException("threads must be positive (0 = all cores), got " + threads);
        if (maxBatch < 1) throw new IllegalArgumentException("the batch must hold at least one sequence, got " + maxBatch);
    }

    /** One generation at a time. */
    public EngineOptions(Dtype dtype, int contextLength, int threads, PrefillWeights prefillWeights, Path cacheDir) {
        this(dtype, contextLength, threads, prefillWeights, cacheDir, 1);
    }

    /** One generation at a time. */
    public EngineOptions(Dtype dtype, int contextLength, int threads) {
        this(dtype, contextLength, threads, PrefillWeights.AUTO, null, 1);
    }

    /** int4, the default context length, all cores. */
    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_DTYPE, 0, 0);
    }

    public EngineOptions withDtype(Dtype d) {
        return new EngineOptions(d, contextLength, threads, prefillWeights, cacheDir, maxBatch);
    }

    public EngineOptions withContextLength(int positions) {
        return new EngineOptions(dtype, positions, threads, prefillWeights, cacheDir, maxBatch);
    }

    public EngineOptions withThreads(int count) {
        return new EngineOptions(dtype, contextLength, count, prefillWeights, cacheDir, maxBatch);
    }

    public EngineOptions withPrefillWeights(PrefillWeights p) {
        return new EngineOptions(dtype, contextLength, threads, p, cacheDir, maxBatch);
    }

    public EngineOptions withCacheDir(Path dir) {
        return new EngineOptions(dtype, contextLength, threads, prefillWeights, dir, maxBatch);
    }

    public EngineOptions withMaxBatch(int sequences) {
        return new EngineOptions(dtype, contextLength, threads, prefillWeights, cacheDir, sequences);
    }

    /** The context length to allocate for a model trained up to {@code maxPositionEmbeddings} positions. */
    int resolveContextLength(int maxPositionEmbeddings) {
        return contextLength == 0 ? Math.min(DEFAULT_CONTEXT_LENGTH, maxPositionEmbeddings) : contextLength;
    }

    /** The thread count to use on this machine. */
    int resolveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The cache folder to use. */
    Path resolveCacheDir() {
        if (cacheDir != null) return cacheDir;
        String configured = System.getProperty("inkstone.cache.dir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".cache", "inkstone");
    }
}
