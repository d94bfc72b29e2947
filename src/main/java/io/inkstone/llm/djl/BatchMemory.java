package io.inkstone.llm.djl;

import io.inkstone.llm.qwen3.Qwen3Config;
import java.util.OptionalLong;

/**
 * The memory plan for decoding several sequences together ({@code model info}): what the load would reserve for
 * {@code askedSequences} sequences of the full context, and how many of them fit in the memory available now (the
 * load plans exactly this; requests beyond the planned rows wait for a free one).
 *
 * @param askedSequences      {@link EngineOptions#maxBatch()}
 * @param plannedSequences    KV cache rows the load would allocate (fewer than asked when memory is short)
 * @param weightBytes         weights as the dtype runs them (see {@link MemoryPlan})
 * @param kvBytesPerSequence  keys and values of one sequence of the full context
 * @param totalBytes          weights + planned rows' KV + work for the planned rows
 * @param availableBytes      MemAvailable now, or -1 where unknown
 */
public record BatchMemory(int askedSequences, int plannedSequences, long weightBytes, long kvBytesPerSequence, long totalBytes,
        long availableBytes) {

    /** The plan for {@code maxBatch} sequences of {@code contextLength} positions in {@code dtype} (prompt weights as AUTO picks). */
    public static BatchMemory plan(Qwen3Config config, Dtype dtype, int contextLength, int maxBatch) {
        OptionalLong available = MemoryPlan.availableBytes();
        boolean bf16Prefill = available.isEmpty()
                || MemoryPlan.of(config, dtype, contextLength, 1, true).totalBytes() <= available.getAsLong();
        int rows = available.isPresent()
                ? MemoryPlan.rowsThatFit(config, dtype, contextLength, maxBatch, bf16Prefill, available.getAsLong()) : maxBatch;
        MemoryPlan plan = MemoryPlan.of(config, dtype, contextLength, rows, bf16Prefill);
        return new BatchMemory(maxBatch, rows, plan.weightBytes(), config.kvCacheBytes(contextLength, dtype.bytesPerElement()),
                plan.totalBytes(), available.orElse(-1));
    }
}
