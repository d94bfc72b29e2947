package io.inkstone.llm.djl;

import io.inkstone.llm.qwen3.Qwen3Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What a model needs in memory at a given precision and context length, checked before anything is allocated
 * so that "not enough memory" is a clear load error instead of a crash or a swap storm.
 *
 * @param weightBytes  the weights in the compute dtype (bf16 weights are used from the memory-mapped file, fused
 *                     q/k/v copies aside, but they must still fit in memory to run at speed), plus the int8 copies
 *                     of the layer matrices for {@link Dtype#INT8}
 * @param kvCacheBytes keys and values of every layer for {@code contextLength} positions × {@code rows} sequences
 * @param workBytes    RoPE tables plus a margin for activations and libtorch itself
 * @param kvBytesPerPosition KV cache bytes of one more position (all rows)
 */
record MemoryPlan(long weightBytes, long kvCacheBytes, long workBytes, long kvBytesPerPosition) {

    /** Activations of a prefill chunk, libtorch's own allocations and the JVM's native overhead, roughly. */
    static final long MARGIN_BYTES = 384L << 20;

    static MemoryPlan of(Qwen3Config config, Dtype dtype, int contextLength, int rows) {
        return of(config, dtype, contextLength, rows, true);
    }

    /**
     * @param bf16Prefill in a quantized dtype: the bf16 layer matrices stay in use for prompts (counted), else only the
     *                    quantized ones (and the bf16 embedding) are
     */
    static MemoryPlan of(Qwen3Config config, Dtype dtype, int contextLength, int rows, boolean bf16Prefill) {
        long embeddings = (long) config.vocabSize() * config.hiddenSize() * (config.tieWordEmbeddings() ? 1 : 2);
        long layerParameters = config.parameterCount() - embeddings;
        long weights;
        if (dtype.quantized()) {
            long head = (long) config.vocabSize() * config.hiddenSize();
            long quantizedParameters = layerParameters + head;
            long quantizedBytes = dtype == Dtype.INT8 ? quantizedParameters : quantizedParameters / 2 + quantizedParameters / 32; // int4 + scales
            weights = embeddings * 2 + quantizedBytes + (bf16Prefill ? layerParameters * 2 : 0);
        } else {
            weights = config.parameterCount() * dtype.bytesPerElement();
        }
        long kv = config.kvCacheBytes(contextLength, dtype.bytesPerElement()) * rows;
        long rope = 2L * contextLength * config.headDim() * dtype.bytesPerElement();
        return new MemoryPlan(weights, kv, rope + MARGIN_BYTES, config.kvCacheBytes(1, dtype.bytesPerElement()) * rows);
    }

    long totalBytes() {
        return weightBytes + kvCacheBytes + workBytes;
    }

    /**
     * Fails with a message that says what to change when {@code availableBytes} (MemAvailable) cannot hold this plan.
     *
     * @param what a short description of the model for the message
     */
    void check(long availableBytes, Dtype dtype, int contextLength, String what) {
        if (totalBytes() <= availableBytes) return;
        StringBuilder message = new StringBuilder("not enough memory for ").append(what).append(" in ").append(dtype.label())
                .append(" with a context of ").append(contextLength).append(" tokens: it needs about ").append(gib(totalBytes()))
                .append(" (weights ").append(gib(weightBytes)).append(", KV cache ").append(gib(kvCacheBytes)).append(", work ")
                .append(gib(workBytes)).append(") and ").append(gib(availableBytes)).append(" is available. ");
        long room = availableBytes - weightBytes - workBytes;
        if (room > 0 && room / kvBytesPerPosition >= 256) {
            message.append("Use a shorter context (--context ").append(room / kvBytesPerPosition / 256 * 256).append(" fits), ");
        }
        if (dtype != Dtype.INT4) message.append("use --dtype int4 (the smallest), ");
        message.append("or close other programs");
        throw new io.inkstone.llm.ModelLoadException(message.toString());
    }

    /**
     * Fails when a KV cache for {@code rows} sequences (replacing the loaded one, whose memory is counted as free
     * only once it is gone) does not fit in {@code availableBytes}.
     */
    static void checkCacheGrowth(Qwen3Config config, Dtype dtype, int contextLength, int rows, long availableBytes) {
        long needed = config.kvCacheBytes(contextLength, dtype.bytesPerElement()) * rows;
        if (needed + MARGIN_BYTES > availableBytes) {
            throw new io.inkstone.llm.ModelLoadException("not enough memory for a KV cache of " + rows + " sequences × " + contextLength
                    + " positions (" + gib(needed) + ", " + gib(availableBytes) + " available): use fewer sequences or a shorter --context");
        }
    }

    /**
     * The KV cache rows (sequences decoded together) to allocate: {@code wanted}, or fewer when the weights plus
     * {@code wanted} full-context rows do not fit in {@code availableBytes}; at least 1 (which {@link #check} guards).
     */
    static int rowsThatFit(Qwen3Config config, Dtype dtype, int contextLength, int wanted, boolean bf16Prefill, long availableBytes) {
        int rows = wanted;
        while (rows > 1 && of(config, dtype, contextLength, rows, bf16Prefill).totalBytes() > availableBytes) rows--;
        return rows;
    }

    /** MemAvailable of /proc/meminfo, or empty where there is no such file (not Linux). */
    static OptionalLong availableBytes() {
        Path meminfo = Path.of("/proc/meminfo");
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    String[] parts = line.substring("MemAvailable:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024L);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
