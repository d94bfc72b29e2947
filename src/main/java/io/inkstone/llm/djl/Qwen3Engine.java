package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.qwen3.GenerationConfig;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.SafetensorsIndex;
import io.inkstone.llm.qwen3.Qwen3Tokenizer;
import io.inkstone.llm.qwen3.Utf8StreamDecoder;
import io.inkstone.llm.qwen3.ChatTemplateException;
import io.inkstone.llm.qwen3.Qwen3ChatTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A Qwen3 model on libtorch (CPU, or the first GPU when libtorch sees one): tokenizer, chat template, KV cache,
 * sampling and streaming around {@link Qwen3Runtime}. Each generation renders the prompt with the model's own
 * chat template (or takes a raw prompt), prefills it in chunks of {@value #PREFILL_CHUNK_TOKENS} tokens, then
 * decodes one token per TorchScript call; Java samples, decodes UTF-8 safely, splits thinking from the answer,
 * watches for stop strings and honours cancellation.
 *
 * <p>Concurrent calls are queued: every public method holds the engine's lock while it runs.
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
    private int prefillChunkTokens = PREFILL_CHUNK_TOKENS;
    /** Positions held in cache row 0 by the low-level API ({@link #prefill}, {@link #step}). */
    private int position;

    private Qwen3Engine(Path modelDir, Qwen3Config config, Qwen3Tokenizer tokenizer, GenerationConfig generationConfig,
            Qwen3ChatTemplate chatTemplate, Qwen3Runtime runtime, int threads, double loadSeconds) {
        this.modelDir = modelDir;
        this.config = config;
        this.tokenizer = tokenizer;
        this.generationConfig = generationConfig;
        this.chatTemplate = chatTemplate;
        this.runtime = runtime;
        this.threads = threads;
        this.loadSeconds = loadSeconds;
    }

    /**
     * Loads a Hugging Face Qwen3 model folder (config.json, safetensors, tokenizer.json, tokenizer_config.json,
     * optionally generation_config.json).
     *
     * @throws ModelLoadException with a message that says what is wrong and what to do: a missing or corrupt
     *                            file, an unsupported model, a context longer than the model supports, or not
     *                            enough memory for the weights and the KV cache
     */
    public static Qwen3Engine open(Path modelDir, EngineOptions options, LoadProgress progress) {
        long started = System.nanoTime();
        TorchEnvironment.start();
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException("model folder " + modelDir + " does not exist: pass the folder that holds config.json and the "
                    + "safetensors weights (create a test model with 'inkstone model synth')");
        }
        Qwen3Config config = Qwen3Config.read(modelDir);
        SafetensorsIndex index = SafetensorsIndex.open(modelDir);
        config.checkTensors(index);
        int contextLength = options.resolveContextLength(config.maxPositionEmbeddings());
        if (contextLength > config.maxPositionEmbeddings()) {
            throw new ModelLoadException("a context of " + contextLength + " tokens is longer than " + modelDir.getFileName()
                    + " supports (max_position_embeddings " + config.maxPositionEmbeddings() + "): use --context "
                    + config.maxPositionEmbeddings() + " or less");
        }
        Qwen3ChatTemplate chatTemplate;
        try {
            chatTemplate = Qwen3ChatTemplate.fromTokenizerConfig(modelDir.resolve("tokenizer_config.json"));
        } catch (ChatTemplateException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Qwen3Tokenizer tokenizer = Qwen3Tokenizer.load(modelDir);
        try {
            GenerationConfig generationConfig = GenerationConfig.read(modelDir, tokenizer);
            Dtype dtype = options.dtype();
            if (!TorchEnvironment.device().isGpu()) {
                OptionalLong available = MemoryPlan.availableBytes();
                if (available.isPresent()) {
                    MemoryPlan.of(config, dtype, contextLength, 1).check(available.getAsLong(), dtype, contextLength,
                            modelDir.getFileName().toString());
                }
            }
            int threads = options.resolveThreads();
            TorchEnvironment.setThreads(threads);
            Qwen3Runtime runtime = Qwen3Runtime.load(config, index, dtype, contextLength, 1, cacheDir(), progress);
            return new Qwen3Engine(modelDir, config, tokenizer, generationConfig, chatTemplate, runtime, threads,
                    (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException | Error e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Where built TorchScript archives are kept: {@code -Dinkstone.cache.dir}, else {@code ~/.cache/inkstone}. */
    static Path cacheDir() {
        String configured = System.getProperty("inkstone.cache.dir");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        return Path.of(System.getProperty("user.home"), ".cache", "inkstone");
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
    public synchronized GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation,
            StepObserver observer) {
        SamplingOptions sampling = request.sampling();
        String text = promptText(request);
        int[] prompt = tokenizer.encode(text);
        requireRoom(prompt.length);
        long started = System.nanoTime();
        position = 0;
        float[] logits = prefill(prompt);
        long prefilled = System.nanoTime();

        Sampler sampler = new Sampler(sampling);
        int[] context = Arrays.copyOf(prompt, Math.min(runtime.contextLength(), prompt.length + sampling.maxNewTokens()));
        int length = prompt.length;
        Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
        ThinkingSplitter splitter = new ThinkingSplitter(startsInThinking(text));
        StopStringMatcher stops = new StopStringMatcher(sampling.stopStrings());
        Output output = new Output(listener, stops);
        List<Integer> generated = new ArrayList<>();
        StopReason reason;
        while (true) {
            if (cancellation.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            observer.onStep(generated.size(), logits);
            int next = sampler.next(logits, context, length, prompt.length);
            generated.add(next);
            context[length++] = next;
            boolean endOfSequence = !sampling.ignoreEos() && generationConfig.isEndOfSequence(next);
            if (!endOfSequence) output.add(splitter.push(utf8.push(tokenizer.tokenBytes(next))));
            double seconds = (System.nanoTime() - prefilled) / 1e9;
            listener.onProgress(generated.size(), sampling.maxNewTokens(), seconds > 0 ? generated.size() / seconds : 0);
            if (endOfSequence) {
                reason = StopReason.END_OF_SEQUENCE;
                break;
            }
            if (stops.stopped()) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (generated.size() >= sampling.maxNewTokens()) {
                reason = StopReason.MAX_TOKENS;
                break;
            }
            if (length >= runtime.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = step(next);
        }
        if (!stops.stopped()) {
            output.add(splitter.push(utf8.flush()));
            output.add(splitter.flush());
            output.flush();
        }
        long finished = System.nanoTime();
        return new GenerationResult(output.answer.toString(), output.thinking.toString(), reason, prompt.length, generated.size(),
                generated, new GenerationResult.Timings((prefilled - started) / 1e9, (finished - prefilled) / 1e9));
    }

    /** Routes split text: thinking to the listener directly, answer text through the stop-string matcher. */
    private static final class Output {
        final GenerationListener listener;
        final StopStringMatcher stops;
        final StringBuilder answer = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();

        Output(GenerationListener listener, StopStringMatcher stops) {
            this.listener = listener;
            this.stops = stops;
        }

        void add(ThinkingSplitter.Delta delta) {
            if (!delta.thinking().isEmpty()) {
                thinking.append(delta.thinking());
                listener.onThinking(delta.thinking());
            }
            if (!delta.answer().isEmpty()) emit(stops.push(delta.answer()));
        }

        void flush() {
            emit(stops.flush());
        }

        private void emit(String text) {
            if (text.isEmpty()) return;
            answer.append(text);
            listener.onText(text);
        }
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

    private void requireRoom(int promptTokens) {
        if (promptTokens == 0) throw new IllegalArgumentException("the prompt is empty: there is nothing to continue from");
        if (promptTokens >= runtime.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + promptTokens + " tokens and the context holds " + runtime.contextLength()
                    + ", leaving no room for an answer: shorten the prompt or load the model with a longer context (--context, up to "
                    + config.maxPositionEmbeddings() + ")");
        }
    }

    // ---- low level (tests, fixtures, benchmarks) ------------------------------------------------------

    /**
     * Appends {@code ids} to the sequence in cache row 0 (from the current position, in chunks) and returns the
     * float32 logits after the last of them.
     *
     * @return [vocab] logits
     */
    public synchronized float[] prefill(int[] ids) {
        if (ids.length == 0) throw new IllegalArgumentException("nothing to prefill");
        requireContext(ids.length);
        float[] logits = prefillChunks(0, position, ids);
        position += ids.length;
        return logits;
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
    public synchronized float[] step(int id) {
        requireContext(1);
        float[] logits = runtime.forward(new int[][] {{id}}, new int[] {position}, 0)[0];
        position++;
        return logits;
    }

    /** Forgets the sequence in cache row 0 (the next {@link #prefill} starts at position 0). */
    public synchronized void reset() {
        position = 0;
    }

    /** Tokens held by the low-level sequence. */
    public synchronized int position() {
        return position;
    }

    /**
     * Makes room in the KV cache for {@code sequences} sequences in lockstep (rows 0 .. sequences-1, for
     * {@link #prefillRow} and {@link #forwardBatch}). Growing the cache forgets every cached sequence, the
     * low-level one included.
     *
     * @throws ModelLoadException when the larger cache does not fit in memory
     */
    public synchronized void reserveSequences(int sequences) {
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

    /** Prefills {@code ids} from position 0 into cache row {@code row} (in chunks); returns the last logits ([vocab]). */
    public synchronized float[] prefillRow(int row, int[] ids) {
        if (row < 0 || row >= runtime.cacheRows()) {
            throw new IllegalArgumentException("row " + row + " is outside the " + runtime.cacheRows() + " reserved sequences");
        }
        if (ids.length == 0 || ids.length > runtime.contextLength()) {
            throw new IllegalArgumentException("prefill needs 1.." + runtime.contextLength() + " ids, got " + ids.length);
        }
        return prefillChunks(row, 0, ids);
    }

    /**
     * Runs one token of each of B sequences in lockstep, sequence b in cache row b at position {@code starts[b]}
     * (throughput measurements: {@link #reserveSequences} and {@link #prefillRow} first).
     *
     * @return [B][vocab] logits
     */
    public synchronized float[][] forwardBatch(int[] tokens, int[] starts) {
        if (tokens.length > runtime.cacheRows()) {
            throw new IllegalArgumentException(tokens.length + " sequences but only " + runtime.cacheRows() + " reserved");
        }
        int[][] perSequence = new int[tokens.length][];
        for (int b = 0; b < tokens.length; b++) perSequence[b] = new int[] {tokens[b]};
        return runtime.forward(perSequence, starts, 0);
    }

    private void requireContext(int more) {
        if (position + more > runtime.contextLength()) {
            throw new IllegalArgumentException("the context is full: " + position + " + " + more + " tokens exceed " + runtime.contextLength());
        }
    }

    /** Test hook: a smaller prefill chunk exercises the chunked path on short prompts. */
    void setPrefillChunkTokens(int tokens) {
        if (tokens < 1) throw new IllegalArgumentException("chunk must be >= 1");
        prefillChunkTokens = tokens;
    }

    // ---- facts -----------------------------------------------------------------------------------

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s, %s, %d threads, context %d tokens", dtype().label(), device(), threads,
                contextLength());
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
    public synchronized void close() {
        runtime.close();
        tokenizer.close();
    }
}
