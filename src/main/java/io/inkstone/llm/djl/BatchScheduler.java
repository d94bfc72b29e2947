package io.inkstone.llm.djl;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.Utf8StreamDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Continuous batching: one thread owns the KV cache rows and decodes every running sequence in one forward call per
 * step. Sequences join (their prompt is prefilled into a free row) and leave (stop, cancel, limit) between steps;
 * each keeps its own position, sampler, stop matcher, UTF-8 decoder, thinking splitter, listener and cancellation.
 *
 * <p>Rows: running sequences hold rows 0 .. B-1 (so that one forward call reads them as one view of the cache);
 * rows B .. R-1 are free and keep the tokens they last held. A joining sequence takes the free row whose tokens
 * share the longest prefix with its prompt (ties: the least recently used) and prefills only the rest (prefix
 * reuse); a leaving sequence's row is exchanged with the last running one. R, the rows, is fixed at load by the
 * memory plan: a request that finds no free row waits in line.
 *
 * <p>Determinism: the same requests, seeds and schedule give the same tokens. Requests submitted together (one
 * {@link #submitAll} call) join at the same step.
 */
final class BatchScheduler implements AutoCloseable {

    private final Qwen3Engine engine;
    private final Qwen3Runtime runtime;
    private final int rows;
    private final boolean prefixReuse;
    /** The token ids whose keys and values each row holds at positions 0 .. rowLength-1. */
    private final int[][] rowTokens;
    private final int[] rowLength;
    private final long[] rowUsed;
    private long tick;
    private final Object signal = new Object();
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    /** Running sequences; {@code active.get(i).row == i}. Only the scheduler thread touches it. */
    private final List<Sequence> active = new ArrayList<>();
    private volatile int running;
    private boolean closed;
    private final Thread thread;
    private final Stats stats = new Stats();

    /** Prefill and decode counters since load (tests and logs). */
    static final class Stats {
        long sequences;
        long promptTokens;
        long prefilledTokens;
        long reusedTokens;
        long decodeSteps;
        long decodedTokens;
        int widestBatch;
    }

    BatchScheduler(Qwen3Engine engine, Qwen3Runtime runtime, int rows, boolean prefixReuse) {
        this.engine = engine;
        this.runtime = runtime;
        this.rows = rows;
        this.prefixReuse = prefixReuse;
        this.rowTokens = new int[rows][];
        this.rowLength = new int[rows];
        this.rowUsed = new long[rows];
        this.thread = new Thread(this::loop, "inkstone-batch");
        thread.setDaemon(true);
        thread.start();
    }

    int rows() {
        return rows;
    }

    /** A copy of the counters. */
    Stats stats() {
        synchronized (signal) {
            Stats copy = new Stats();
            copy.sequences = stats.sequences;
            copy.promptTokens = stats.promptTokens;
            copy.prefilledTokens = stats.prefilledTokens;
            copy.reusedTokens = stats.reusedTokens;
            copy.decodeSteps = stats.decodeSteps;
            copy.decodedTokens = stats.decodedTokens;
            copy.widestBatch = stats.widestBatch;
            return copy;
        }
    }

    /** Queues generations together (they join at the same step) and waits for all of them. */
    List<GenerationResult> submitAll(List<Sequence> sequences) {
        enqueue(sequences);
        List<GenerationResult> out = new ArrayList<>(sequences.size());
        boolean interrupted = false;
        for (Sequence s : sequences) {
            while (true) {
                try {
                    out.add(s.result.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    s.cancellation.cancel("interrupted");
                } catch (ExecutionException e) {
                    for (Sequence other : sequences) other.cancellation.cancel("another generation of the batch failed");
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return out;
    }

    /** Queues generations together (they join at the same step) without waiting; each one's {@code result} completes. */
    void enqueue(List<Sequence> sequences) {
        synchronized (signal) {
            if (closed) throw new IllegalStateException("the model is closed");
            waiting.addAll(sequences);
            signal.notifyAll();
        }
    }

    /**
     * Forgets every row's cached tokens (the low-level stepper is about to write rows).
     *
     * @throws IllegalStateException while batched generations run
     */
    void forgetPrefixes() {
        if (running > 0) {
            throw new IllegalStateException("batched generations are running: the low-level stepper cannot use the cache now");
        }
        Arrays.fill(rowLength, 0);
    }

    @Override
    public void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the scheduler thread -------------------------------------------------------------------

    private void loop() {
        while (true) {
            List<Sequence> joining = new ArrayList<>();
            synchronized (signal) {
                while (!closed && waiting.isEmpty() && active.isEmpty()) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) {
                    for (Sequence s : waiting) s.result.completeExceptionally(new IllegalStateException("the model was closed"));
                    waiting.clear();
                    for (Sequence s : active) s.result.completeExceptionally(new IllegalStateException("the model was closed"));
                    active.clear();
                    running = 0;
                    return;
                }
                while (!waiting.isEmpty() && active.size() + joining.size() < rows) joining.add(waiting.poll());
                running = active.size() + joining.size();
            }
            try {
                for (Sequence s : joining) {
                    if (s.cancellation.isCancelled()) {
                        s.cancelBeforeStart(); // cancelled while waiting: nothing to compute
                    } else {
                        join(s);
                    }
                }
                leaveFinished();
                if (!active.isEmpty()) step();
                leaveFinished();
            } catch (RuntimeException | Error e) {
                for (Sequence s : joining) if (!s.result.isDone()) s.result.completeExceptionally(e);
                for (Sequence s : active) s.result.completeExceptionally(e);
                active.clear();
                Arrays.fill(rowLength, 0);
                running = 0;
            }
        }
    }

    /** Prefills a new sequence into the best free row (moved to row B) and takes its first token. */
    private void join(Sequence s) {
        int target = active.size();
        int best = target;
        int bestCommon = -1;
        for (int r = target; r < rows; r++) {
            int common = prefixReuse ? commonPrefix(r, s.prompt) : 0;
            if (common > bestCommon || (common == bestCommon && rowUsed[r] < rowUsed[best])) {
                best = r;
                bestCommon = common;
            }
        }
        int common = Math.min(bestCommon, s.prompt.length - 1); // at least one token runs, for the logits
        synchronized (engine) {
            if (best != target) {
                runtime.swapRows(best, target, Math.max(rowLength[best], rowLength[target]));
                int[] tokens = rowTokens[best];
                rowTokens[best] = rowTokens[target];
                rowTokens[target] = tokens;
                int length = rowLength[best];
                rowLength[best] = rowLength[target];
                rowLength[target] = length;
                long used = rowUsed[best];
                rowUsed[best] = rowUsed[target];
                rowUsed[target] = used;
            }
            s.row = target;
            s.started = System.nanoTime();
            rowLength[target] = common; // what stays valid while the rest is written
            int[] held = rowTokens[target];
            if (held == null || held.length < runtime.contextLength()) {
                int[] bigger = new int[runtime.contextLength()];
                if (held != null) System.arraycopy(held, 0, bigger, 0, common);
                rowTokens[target] = held = bigger;
            }
            float[] logits = null;
            int chunk = engine.stepper().prefillChunkTokens();
            for (int from = common; from < s.prompt.length; from += chunk) {
                int[] part = Arrays.copyOfRange(s.prompt, from, Math.min(s.prompt.length, from + chunk));
                logits = runtime.forward(new int[][] {part}, new int[] {from}, target)[0];
            }
            System.arraycopy(s.prompt, 0, held, 0, s.prompt.length);
            rowLength[target] = s.prompt.length;
            rowUsed[target] = ++tick;
            s.prefilled = System.nanoTime();
            s.prefilledTokens = s.prompt.length - common;
            synchronized (signal) {
                stats.sequences++;
                stats.promptTokens += s.prompt.length;
                stats.prefilledTokens += s.prompt.length - common;
                stats.reusedTokens += common;
            }
            active.add(s);
            s.accept(logits);
        }
    }

    private int commonPrefix(int row, int[] prompt) {
        int[] held = rowTokens[row];
        if (held == null) return 0;
        int n = Math.min(rowLength[row], prompt.length);
        int i = 0;
        while (i < n && held[i] == prompt[i]) i++;
        return i;
    }

    /** One token of every running sequence in one forward call. */
    private void step() {
        int batch = active.size();
        int[][] tokens = new int[batch][];
        int[] starts = new int[batch];
        for (int b = 0; b < batch; b++) {
            Sequence s = active.get(b);
            tokens[b] = new int[] {s.next};
            starts[b] = s.length - 1;
        }
        float[][] logits;
        synchronized (engine) {
            logits = runtime.forward(tokens, starts, 0);
        }
        synchronized (signal) {
            stats.decodeSteps++;
            stats.decodedTokens += batch;
            stats.widestBatch = Math.max(stats.widestBatch, batch);
        }
        for (int b = 0; b < batch; b++) {
            Sequence s = active.get(b);
            rowTokens[b][starts[b]] = s.next;
            rowLength[b] = starts[b] + 1;
            rowUsed[b] = ++tick;
            s.accept(logits[b]);
        }
    }

    /** Completes finished sequences, highest row first, moving the last running sequence into each freed row. */
    private void leaveFinished() {
        List<Sequence> done = new ArrayList<>();
        for (Sequence s : active) if (s.reason != null) done.add(s);
        if (done.isEmpty()) return;
        done.sort(Comparator.comparingInt((Sequence s) -> s.row).reversed());
        for (Sequence s : done) {
            int last = active.size() - 1;
            int row = s.row;
            if (row != last) {
                synchronized (engine) {
                    runtime.swapRows(row, last, Math.max(rowLength[row], rowLength[last]));
                }
                int[] tokens = rowTokens[row];
                rowTokens[row] = rowTokens[last];
                rowTokens[last] = tokens;
                int length = rowLength[row];
                rowLength[row] = rowLength[last];
                rowLength[last] = length;
                long used = rowUsed[row];
                rowUsed[row] = rowUsed[last];
                rowUsed[last] = used;
                Sequence moved = active.get(last);
                moved.row = row;
                active.set(row, moved);
            }
            active.remove(last);
            s.row = -1;
            running = active.size();
            s.finish();
        }
    }

    // ---- one sequence ---------------------------------------------------------------------------

    /** One generation's state; built on the caller's thread, run on the scheduler's. */
    static final class Sequence {
        final int[] prompt;
        final SamplingOptions sampling;
        final GenerationListener listener;
        final Cancellation cancellation;
        final Qwen3Engine.StepObserver observer;
        final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        private final Qwen3Engine engine;
        private final Sampler sampler;
        private final int[] context;
        private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        private final ThinkingSplitter splitter;
        private final StopStringMatcher stops;
        private final GenerationLoop.Output output;
        private final List<Integer> generated = new ArrayList<>();
        int row = -1;
        /** Tokens of the sequence so far (prompt + generated); the last one is not in the cache yet. */
        int length;
        int next;
        StopReason reason;
        long started;
        long prefilled;
        int prefilledTokens;
        private Throwable failure;

        Sequence(Qwen3Engine engine, int[] prompt, boolean startsInThinking, SamplingOptions sampling, GenerationListener listener,
                Cancellation cancellation, Qwen3Engine.StepObserver observer) {
            this.engine = engine;
            this.prompt = prompt;
            this.sampling = sampling;
            this.listener = listener;
            this.cancellation = cancellation;
            this.observer = observer;
            this.sampler = new Sampler(sampling);
            this.context = Arrays.copyOf(prompt, Math.min(engine.contextLength(), prompt.length + sampling.maxNewTokens()));
            this.length = prompt.length;
            this.splitter = new ThinkingSplitter(startsInThinking);
            this.stops = new StopStringMatcher(sampling.stopStrings());
            this.output = new GenerationLoop.Output(listener, stops);
        }

        /** Takes the logits after the last cached token: chooses the next token, or stops (a failing listener stops only this one). */
        void accept(float[] logits) {
            try {
                choose(logits);
            } catch (RuntimeException | Error e) {
                failure = e;
                reason = StopReason.CANCELLED;
            }
        }

        void cancelBeforeStart() {
            started = prefilled = System.nanoTime();
            reason = StopReason.CANCELLED;
            finish();
        }

        private void choose(float[] logits) {
            if (cancellation.isCancelled()) {
                reason = StopReason.CANCELLED;
                return;
            }
            observer.onStep(generated.size(), logits);
            int token = sampler.next(logits, context, length, prompt.length);
            generated.add(token);
            context[length++] = token;
            next = token;
            boolean endOfSequence = !sampling.ignoreEos() && engine.generationConfig().isEndOfSequence(token);
            if (!endOfSequence) output.add(splitter.push(utf8.push(engine.tokenizer().tokenBytes(token))));
            double seconds = (System.nanoTime() - prefilled) / 1e9;
            listener.onProgress(generated.size(), sampling.maxNewTokens(), generated.size() > 1 && seconds > 0 ? (generated.size() - 1) / seconds : 0);
            if (endOfSequence) reason = StopReason.END_OF_SEQUENCE;
            else if (stops.stopped()) reason = StopReason.STOP_STRING;
            else if (generated.size() >= sampling.maxNewTokens()) reason = StopReason.MAX_TOKENS;
            else if (length >= engine.contextLength()) reason = StopReason.CONTEXT_FULL;
        }

        void finish() {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                if (!stops.stopped()) {
                    output.add(splitter.push(utf8.flush()));
                    output.add(splitter.flush());
                    output.flush();
                }
                long finished = System.nanoTime();
                result.complete(new GenerationResult(output.answer.toString(), output.thinking.toString(), reason, prompt.length,
                        generated.size(), generated, new GenerationResult.Timings((prefilled - started) / 1e9, (finished - prefilled) / 1e9)));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }
    }
}
