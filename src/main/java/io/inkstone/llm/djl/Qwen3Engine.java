package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.qwen3.GenerationConfig;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.Qwen3Tokenizer;
import io.inkstone.llm.qwen3.Qwen3ChatTemplate;
import io.inkstone.llm.SamplingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Qwen3 model on libtorch (CPU, or the first GPU when libtorch sees one), as a {@link Generator}. Three classes
 * do the work: {@link Qwen3Loader} opens the folder and plans memory, {@link GenerationLoop} runs a generation
 * (prompt rendered with the model's own chat template, prefilled in chunks of {@value #PREFILL_CHUNK_TOKENS}
 * tokens, one TorchScript call per decoded token, sampling, UTF-8, thinking, stop strings, cancellation), and
 * {@link Qwen3Stepper} is the low-level stepping API for tests, fixtures and benchmarks. {@link Qwen3Runtime}
 * holds the network.
 *
 * <p>Concurrency: with {@link EngineOptions#maxBatch()} 1, calls are queued (the engine's lock is held for a whole
 * generation, every prompt is prefilled from position 0). With more, a {@link BatchScheduler} thread decodes up to
 * that many generations together (continuous batching, prefix reuse); callers block until their own generation ends.
 *
 * <p>Context policy: a prompt that does not leave room for one generated token is rejected with an
 * {@link IllegalArgumentException} (nothing is truncated); a generation that fills the context stops with
 * {@link StopReason#CONTEXT_FULL}.
 */
public final class Qwen3Engine implements Generator {

    /** Prompt tokens per prefill call: long prompts run in chunks of this size. */
    public static final int PREFILL_CHUNK_TOKENS = 512;

    private final Path modelDir;
    private final Qwen3Config config;
    private final Qwen3Tokenizer tokenizer;
    private final GenerationConfig generationConfig;
    private final Qwen3ChatTemplate chatTemplate;
    private final Qwen3Runtime runtime;
    private final int threads;
    private final double loadSeconds;
    private final Qwen3Stepper stepper;
    /** Null when generations run one at a time. */
    private final BatchScheduler scheduler;
    private final int maxBatch;

    /**
     * @param batchRows KV cache rows the scheduler may use (0: no scheduler, generations run one at a time)
     * @param maxBatch  the batch asked for (reported when memory allowed fewer rows)
     */
    Qwen3Engine(Path modelDir, Qwen3Config config, Qwen3Tokenizer tokenizer, GenerationConfig generationConfig,
            Qwen3ChatTemplate chatTemplate, Qwen3Runtime runtime, int threads, double loadSeconds, int batchRows, int maxBatch) {
        this.modelDir = modelDir;
        this.config = config;
        this.tokenizer = tokenizer;
        this.generationConfig = generationConfig;
        this.chatTemplate = chatTemplate;
        this.runtime = runtime;
        this.threads = threads;
        this.loadSeconds = loadSeconds;
        this.stepper = new Qwen3Stepper(this, runtime, config);
        this.maxBatch = maxBatch;
        this.scheduler = batchRows > 0 ? new BatchScheduler(this, runtime, batchRows, true) : null;
        if (scheduler != null) stepper.beforeLowLevelUse(scheduler::forgetPrefixes);
    }

    /** The low-level stepping API (tests, fixtures, benchmarks), serialized with {@link #generate}. */
    public Qwen3Stepper stepper() {
        return stepper;
    }

    /** The runtime (tests). */
    Qwen3Runtime runtime() {
        return runtime;
    }

    /**
     * Loads a Hugging Face Qwen3 model folder (config.json, safetensors, tokenizer.json, tokenizer_config.json,
     * optionally generation_config.json): see {@link Qwen3Loader}.
     *
     * @throws ModelLoadException with a message that says what is wrong and what to do
     */
    public static Qwen3Engine open(Path modelDir, EngineOptions options, LoadProgress progress) {
        return Qwen3Loader.open(modelDir, options, progress);
    }

    // ---- Generator ----------------------------------------------------------------------------------

    @Override
    public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
        return generate(request, listener, cancellation, StepObserver.NONE);
    }

    /**
     * As {@link #generate(GenerationRequest, GenerationListener, Cancellation)}, also showing {@code observer} the
     * logits of every step (for {@code --top-logits}).
     */
    public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation,
            StepObserver observer) {
        if (scheduler == null) {
            synchronized (this) {
                return new GenerationLoop(this, stepper).run(request, listener, cancellation, observer);
            }
        }
        return scheduler.submitAll(List.of(sequence(request, listener, cancellation, observer))).get(0);
    }

    /**
     * With batching, every request joins the running batch at once (results in request order; the listener hears the
     * sequences' deltas interleaved, on the scheduler's thread); else one by one.
     */
    public List<GenerationResult> generateAll(List<GenerationRequest> requests, GenerationListener listener, Cancellation cancellation) {
        if (scheduler == null) {
            List<GenerationResult> out = new ArrayList<>(requests.size());
            for (GenerationRequest r : requests) out.add(generate(r, listener, cancellation));
            return out;
        }
        List<BatchScheduler.Sequence> sequences = new ArrayList<>();
        for (GenerationRequest r : requests) sequences.add(sequence(r, listener, cancellation, StepObserver.NONE));
        return scheduler.submitAll(sequences);
    }

    /**
     * Generates from token ids (benchmarks, tests): each prompt is one sequence, all submitted together, one
     * listener each; results in order. Runs one by one without batching.
     */
    public List<GenerationResult> generateIds(List<int[]> prompts, SamplingOptions sampling, List<GenerationListener> listeners,
            List<Cancellation> cancellations) {
        List<BatchScheduler.Sequence> sequences = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            requireRoom(prompts.get(i).length);
            sequences.add(new BatchScheduler.Sequence(this, prompts.get(i).clone(), false, sampling, listeners.get(i),
                    cancellations.get(i), StepObserver.NONE));
        }
        if (scheduler != null) return scheduler.submitAll(sequences);
        throw new IllegalStateException("generateIds needs a batching engine (maxBatch > 1)");
    }

    private BatchScheduler.Sequence sequence(GenerationRequest request, GenerationListener listener, Cancellation cancellation,
            StepObserver observer) {
        String text = promptText(request);
        int[] prompt;
        synchronized (this) {
            prompt = tokenizer.encode(text);
        }
        requireRoom(prompt.length);
        return new BatchScheduler.Sequence(this, prompt, startsInThinking(text), request.sampling(), listener, cancellation, observer);
    }

    /** The scheduler (tests), or null when generations run one at a time. */
    BatchScheduler scheduler() {
        return scheduler;
    }

    /** Sequences decoded together: the KV rows planned at load (1 when generations run one at a time). */
    public int batchRows() {
        return scheduler == null ? 1 : scheduler.rows();
    }

    @Override
    public int parallelism() {
        return batchRows();
    }

    /** The batch asked for at load ({@link EngineOptions#maxBatch()}). */
    public int maxBatch() {
        return maxBatch;
    }

    /** Prompt tokens seen, prompt tokens prefilled and prompt tokens reused from a row's cache, since load (batching only). */
    public long[] prefixCounters() {
        if (scheduler == null) return new long[3];
        BatchScheduler.Stats s = scheduler.stats();
        return new long[] {s.promptTokens, s.prefilledTokens, s.reusedTokens};
    }

    @Override
    public String usage() {
        if (scheduler == null) return "";
        BatchScheduler.Stats s = scheduler.stats();
        return String.format(java.util.Locale.ROOT,
                "%d prompts, %d tokens: %d prefilled, %d reused from cached prefixes (%.0f%%); %d tokens decoded in %d steps, widest %d",
                s.sequences, s.promptTokens, s.prefilledTokens, s.reusedTokens, s.promptTokens == 0 ? 0.0 : 100.0 * s.reusedTokens / s.promptTokens,
                s.decodedTokens, s.decodeSteps, s.widestBatch);
    }

    /** The widest batch one decode step has run (batching only; 0 before any). */
    public int widestBatch() {
        return scheduler == null ? 0 : scheduler.stats().widestBatch;
    }

    /** Told the logits of each generation step before the token is chosen. */
    @FunctionalInterface
    public interface StepObserver {
        /** @param step 0 for the first generated token; {@code logits} is [vocab] and must not be kept or modified */
        void onStep(int step, float[] logits);

        StepObserver NONE = (step, logits) -> {};
    }

    /**
     * The exact prompt text of a request: the chat rendered by the model's chat template with the generation
     * prompt (thinking on or off), or the raw prompt; then the assistant prefix.
     */
    public String promptText(GenerationRequest request) {
        String base = request.isChat() ? chatTemplate.render(request.messages(), true, request.thinking()) : request.rawPrompt();
        return base + request.assistantPrefix();
    }

    /** The token ids of a request's prompt (special tokens in the text parsed, nothing added). */
    public synchronized int[] promptIds(GenerationRequest request) {
        return tokenizer.encode(promptText(request));
    }

    /** True when the text ends inside an open {@code <think>} block of the current turn. */
    static boolean startsInThinking(String promptText) {
        int turn = Math.max(0, promptText.lastIndexOf("<|im_start|>"));
        int open = promptText.lastIndexOf("<think>");
        return open >= turn && promptText.indexOf("</think>", open) < 0;
    }

    void requireRoom(int promptTokens) {
        if (promptTokens == 0) throw new IllegalArgumentException("the prompt is empty: there is nothing to continue from");
        if (promptTokens >= runtime.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + promptTokens + " tokens and the context holds " + runtime.contextLength()
                    + ", leaving no room for an answer: shorten the prompt or load the model with a longer context (--context, up to "
                    + config.maxPositionEmbeddings() + ")");
        }
    }

    // ---- facts -----------------------------------------------------------------------------------

    @Override
    public String describe() {
        String quantization = runtime.quantization().isEmpty() ? ""
                : " (" + runtime.quantization() + (runtime.fromCache() ? ", from the cache" : "") + "; prompts on "
                        + (runtime.bf16Prefill() ? "bf16" : dtype().label()) + " weights)";
        String batch = scheduler == null ? "" : ", batch " + scheduler.rows()
                + (scheduler.rows() < maxBatch ? " (of " + maxBatch + " asked: memory)" : "") + " with prefix reuse";
        return String.format(java.util.Locale.ROOT, "%s%s, %s, %d threads, context %d tokens%s", dtype().label(), quantization, device(),
                threads, contextLength(), batch);
    }

    @Override
    public String modelName() {
        String folder = modelDir.toAbsolutePath().normalize().getFileName().toString();
        return config.synthetic() ? folder + " (synthetic Qwen3, random weights)" : folder;
    }

    @Override
    public int contextLength() {
        return runtime.contextLength();
    }

    public Qwen3Config config() {
        return config;
    }

    public Qwen3Tokenizer tokenizer() {
        return tokenizer;
    }

    public GenerationConfig generationConfig() {
        return generationConfig;
    }

    public Qwen3ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    public Dtype dtype() {
        return runtime.dtype();
    }

    /** What quantization did, e.g. "int4 group 128 × 145" (matrices per format), or empty when not quantized. */
    public String quantization() {
        return runtime.quantization();
    }

    /** "cpu" or "cuda:N". */
    public String device() {
        return runtime.device();
    }

    /** libtorch intra-op threads in use. */
    public int threads() {
        return threads;
    }

    /** Seconds {@link #open} took. */
    @Override
    public double loadSeconds() {
        return loadSeconds;
    }

    @Override
    public void close() {
        if (scheduler != null) scheduler.close();
        synchronized (this) {
            closeRuntime();
        }
    }

    private void closeRuntime() {
        runtime.close();
        tokenizer.close();
    }
}
