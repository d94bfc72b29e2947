package io.inkstone.llm.djl;

import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.qwen3.Qwen3Config;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The low-level stepping API of a {@link Qwen3Engine}, for tests, fixtures and benchmarks: feed token ids, get
 * float32 logits, and run several sequences in lockstep in rows of the KV cache. Every method runs under the
 * engine's lock, so it never interleaves with a {@link Qwen3Engine#generate} (which uses cache row 0 too).
 */
public final class Qwen3Stepper {

    private final Object lock;
    private final Qwen3Runtime runtime;
    private final Qwen3Config config;
    private int prefillChunkTokens = Qwen3Engine.PREFILL_CHUNK_TOKENS;
    /** Positions held in cache row 0 ({@link #prefill}, {@link #step}). */
    private int position;
    /** Told before the low-level API writes cache rows (the batch scheduler forgets its cached prefixes). */
    private Runnable beforeLowLevelUse = () -> {};

    Qwen3Stepper(Object lock, Qwen3Runtime runtime, Qwen3Config config) {
        this.lock = lock;
        this.runtime = runtime;
        this.config = config;
    }

    /**
     * Appends {@code ids} to the sequence in cache row 0 (from the current position, in chunks) and returns the
     * float32 logits after the last of them.
     *
     * @return [vocab] logits
     */
    public float[] prefill(int[] ids) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            if (ids.length == 0) throw new IllegalArgumentException("nothing to prefill");
            requireContext(ids.length);
            float[] logits = prefillChunks(0, position, ids);
            position += ids.length;
            return logits;
        }
    }

    /** Runs {@code ids} into cache row {@code row} from position {@code start}, in chunks; returns the last logits. */
    private float[] prefillChunks(int row, int start, int[] ids) {
        float[] logits = null;
        for (int from = 0; from < ids.length; from += prefillChunkTokens) {
            int[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + prefillChunkTokens));
            logits = runtime.forward(new int[][] {chunk}, new int[] {start + from}, row)[0];
        }
        return logits;
    }

    /** Appends one token to the sequence in cache row 0 and returns the logits after it ([vocab], float32). */
    public float[] step(int id) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            requireContext(1);
            float[] logits = runtime.forward(new int[][] {{id}}, new int[] {position}, 0)[0];
            position++;
            return logits;
        }
    }

    /** Makes the KV cache hold {@code positions} positions (at most the context) in one allocation, keeping what it holds. */
    public void reserveCapacity(int positions) {
        synchronized (lock) {
            runtime.reserveCapacity(positions);
        }
    }

    /** Forgets the sequence in cache row 0 (the next {@link #prefill} starts at position 0). */
    public void reset() {
        synchronized (lock) {
            beforeLowLevelUse.run();
            position = 0;
        }
    }

    /** Tokens held by the low-level sequence. */
    public int position() {
        synchronized (lock) {
            return position;
        }
    }

    /**
     * Makes room in the KV cache for {@code sequences} sequences in lockstep (rows 0 .. sequences-1, for
     * {@link #prefillRow} and {@link #forwardBatch}). Growing the cache forgets every cached sequence, the
     * low-level one included.
     *
     * @throws ModelLoadException when the larger cache does not fit in memory
     */
    public void reserveSequences(int sequences) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            if (sequences < 1) throw new IllegalArgumentException("at least one sequence, got " + sequences);
            if (sequences <= runtime.cacheRows()) return;
            if (!TorchEnvironment.device().isGpu()) {
                OptionalLong available = MemoryPlan.availableBytes();
                if (available.isPresent()) {
                    MemoryPlan.checkCacheGrowth(config, runtime.dtype(), runtime.contextLength(), sequences, available.getAsLong());
                }
            }
            runtime.ensureCacheRows(sequences);
            position = 0;
        }
    }

    /** Prefills {@code ids} from position 0 into cache row {@code row} (in chunks); returns the last logits ([vocab]). */
    public float[] prefillRow(int row, int[] ids) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            if (row < 0 || row >= runtime.cacheRows()) {
                throw new IllegalArgumentException("row " + row + " is outside the " + runtime.cacheRows() + " reserved sequences");
            }
            if (ids.length == 0 || ids.length > runtime.contextLength()) {
                throw new IllegalArgumentException("prefill needs 1.." + runtime.contextLength() + " ids, got " + ids.length);
            }
            return prefillChunks(row, 0, ids);
        }
    }

    /**
     * Prefills {@code ids} into cache row {@code row} from position {@code start} (positions before it must already
     * be cached, e.g. by an earlier call); returns the last logits ([vocab]).
     */
    public float[] prefillRow(int row, int start, int[] ids) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            if (row < 0 || row >= runtime.cacheRows()) {
                throw new IllegalArgumentException("row " + row + " is outside the " + runtime.cacheRows() + " reserved sequences");
            }
            if (ids.length == 0 || start < 0 || start + ids.length > runtime.contextLength()) {
                throw new IllegalArgumentException("prefill needs 1.." + (runtime.contextLength() - start) + " ids, got " + ids.length);
            }
            return prefillChunks(row, start, ids);
        }
    }

    /**
     * Runs one token of each of B sequences in lockstep, sequence b in cache row b at position {@code starts[b]}
     * (throughput measurements: {@link #reserveSequences} and {@link #prefillRow} first).
     *
     * @return [B][vocab] logits
     */
    public float[][] forwardBatch(int[] tokens, int[] starts) {
        synchronized (lock) {
            beforeLowLevelUse.run();
            if (tokens.length > runtime.cacheRows()) {
                throw new IllegalArgumentException(tokens.length + " sequences but only " + runtime.cacheRows() + " reserved");
            }
            int[][] perSequence = new int[tokens.length][];
            for (int b = 0; b < tokens.length; b++) perSequence[b] = new int[] {tokens[b]};
            return runtime.forward(perSequence, starts, 0);
        }
    }

    private void requireContext(int more) {
        if (position + more > runtime.contextLength()) {
            throw new IllegalArgumentException("the context is full: " + position + " + " + more + " tokens exceed " + runtime.contextLength());
        }
    }

    void beforeLowLevelUse(Runnable hook) {
        beforeLowLevelUse = hook;
    }

    /** Prompt tokens per prefill call. */
    int prefillChunkTokens() {
        return prefillChunkTokens;
    }

    /** Test hook: a smaller prefill chunk exercises the chunked path on short prompts. */
    void setPrefillChunkTokens(int tokens) {
        if (tokens < 1) throw new IllegalArgumentException("chunk must be >= 1");
        prefillChunkTokens = tokens;
    }
}
