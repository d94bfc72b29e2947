package io.inkstone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.djl.Dtype;
import io.inkstone.llm.djl.EngineOptions;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.djl.Qwen3Engine;
import io.inkstone.llm.ChatMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inkstone generate}: runs a local Qwen3 model on one prompt, streaming the answer to stdout, or printing
 * one JSON object with ids, text, stop reason, optional per-step top logits and timings.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate text with a local Qwen3 model (Hugging Face folder, safetensors) on libtorch.",
                "Without --chat the prompt is a plain completion prompt, tokenized as it is: special tokens written in it"
                        + " (<|im_start|>, <|im_end|>, <think>) become their ids and no template is added (--raw says so explicitly).",
                "With --chat (or --system) the prompt is the user turn of a chat rendered with the model's own chat template.",
                "The answer streams to stdout; loading and speed go to stderr. Sampling defaults come from the model's"
                        + " generation_config.json over temperature 0.7, top-p 0.8, top-k 20; flags override them."})
public final class GenerateCommand implements Callable<Integer> {

    /** Options shared by the commands that load a model. */
    static final class EngineArguments {
        @Option(names = "--model", required = true, paramLabel = "DIR|ORG/NAME", description = "the model folder (config.json, safetensors, tokenizer), or a Hugging Face repo id in the hub cache")
        Path model;

        @Option(names = "--dtype", paramLabel = Dtype.LABELS, defaultValue = "int4", converter = DtypeConverter.class,
                description = "weight format: int4 (default: 4-bit weights, fastest, approximate; quantized once and cached),"
                        + " int8 (8-bit, closer to bf16), bf16, or f32 (exact, twice the memory of bf16, slowest)")
        Dtype dtype;

        @Option(names = "--prefill-weights", paramLabel = "auto|bf16|quantized", defaultValue = "auto",
                converter = PrefillConverter.class,
                description = "with int4/int8: the weights prompts run on: bf16 (faster prompts, more memory), quantized (least"
                        + " memory), auto (default: bf16 when the memory available holds them)")
        EngineOptions.PrefillWeights prefillWeights;

        @Option(names = "--context", paramLabel = "TOKENS", defaultValue = "0",
                description = "positions the KV cache holds, prompt + answer (default: min(" + EngineOptions.DEFAULT_CONTEXT_LENGTH
                        + ", the model's limit))")
        int context;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads (default: all cores)")
        int threads;

        /** Sequences decoded together (bench --batch sets it; 1 = one generation at a time). */
        int maxBatch = 1;

        EngineOptions options() {
            return new EngineOptions(dtype, context, threads, prefillWeights, null, maxBatch);
        }

        /** Opens the model, printing what is loaded and how long it took on {@code err}. */
        Qwen3Engine open(PrintWriter err) {
            err.printf(Locale.ROOT, "loading %s (%s)...%n", model, dtype.label());
            err.flush();
            Qwen3Engine engine = Qwen3Engine.open(ModelLoading.folder(model), options(), new LoadPrinter(err));
            err.printf(Locale.ROOT, "loaded %s in %.1f s: %s%n", engine.modelName(), engine.loadSeconds(), engine.describe());
            err.flush();
            return engine;
        }
    }

    /** Prints each loading stage once it is done (big models take seconds, the first int4/int8 quantization longer). */
    static final class LoadPrinter implements LoadProgress {
        private final PrintWriter err;
        private final long started = System.nanoTime();

        LoadPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(String stage, int done, int total) {
            if (done == total) {
                err.printf(Locale.ROOT, "  %s: done (%.1f s)%n", stage, (System.nanoTime() - started) / 1e9);
                err.flush();
            }
        }
    }

    static final class PrefillConverter implements CommandLine.ITypeConverter<EngineOptions.PrefillWeights> {
        @Override
        public EngineOptions.PrefillWeights convert(String value) {
            try {
                return EngineOptions.PrefillWeights.fromLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DtypeConverter implements CommandLine.ITypeConverter<Dtype> {
        @Override
        public Dtype convert(String value) {
            try {
                return Dtype.fromLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @CommandLine.Mixin
    EngineArguments engineArguments;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    PromptSource source;

    static final class PromptSource {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "the prompt text")
        String text;

        @Option(names = "--prompt-file", paramLabel = "FILE", description = "read the prompt from a UTF-8 file")
        Path file;
    }

    @Option(names = "--chat", description = "send the prompt as the user turn of a chat, rendered with the model's chat template")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "a system message (implies --chat)")
    String system;

    @Option(names = "--thinking", description = "chat: let a hybrid Qwen3 model think first (<think> block, printed apart); default off")
    boolean thinking;

    @Option(names = "--raw", description = "no template: tokenize the prompt as it is, special tokens included (the default without --chat)")
    boolean raw;

    @Option(names = "--greedy", description = "always take the most likely token (temperature 0)")
    boolean greedy;

    @Option(names = "--temperature", paramLabel = "X", description = "0 = greedy; higher is more random")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "X", description = "nucleus sampling mass (1 = off)")
    Double topP;

    @Option(names = "--top-k", paramLabel = "N", description = "sample among the N most likely tokens (0 = off)")
    Integer topK;

    @Option(names = "--min-p", paramLabel = "X", description = "drop tokens below X times the top probability (0 = off)")
    Double minP;

    @Option(names = "--repetition-penalty", paramLabel = "X", description = "penalize tokens already seen (1 = off)")
    Double repetitionPenalty;

    @Option(names = "--presence-penalty", paramLabel = "X", description = "subtract X from tokens already generated (0 = off)")
    Double presencePenalty;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 42): the same seed gives the same text")
    Long seed;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256", description = "most tokens to generate (default ${DEFAULT-VALUE})")
    int maxNewTokens;

    @Option(names = "--stop", paramLabel = "TEXT", description = "stop before this text (repeatable)")
    List<String> stop = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "keep generating after end-of-sequence tokens (benchmarks, fixtures)")
    boolean ignoreEos;

    @Option(names = "--top-logits", paramLabel = "K", defaultValue = "0", description = "report the K highest logits of every step")
    int topLogits;

    @Option(names = "--json", description = "print one JSON object instead of streaming text")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean asChat = chat || system != null;
        if (raw && asChat) return fail(err, ExitCode.USAGE, "--raw cannot be combined with --chat or --system");
        if (thinking && !asChat) return fail(err, ExitCode.USAGE, "--thinking needs --chat (it is a chat template switch)");
        if (topLogits < 0) return fail(err, ExitCode.USAGE, "--top-logits must be 0 or more");
        String promptText;
        try {
            promptText = source.text != null ? source.text : Files.readString(source.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail(err, ExitCode.IO_ERROR, "cannot read the prompt file " + source.file + ": " + e.getMessage());
        }
        Qwen3Engine engine;
        try {
            engine = engineArguments.open(err);
        } catch (ModelLoadException e) {
            return fail(err, ExitCode.MODEL_ERROR, e.getMessage());
        }
        try (engine) {
            SamplingOptions sampling;
            try {
                sampling = sampling(engine);
            } catch (IllegalArgumentException e) {
                return fail(err, ExitCode.USAGE, e.getMessage());
            }
            GenerationRequest request;
            if (asChat) {
                List<ChatMessage> messages = new ArrayList<>();
                if (system != null) messages.add(ChatMessage.system(system));
                messages.add(ChatMessage.user(promptText));
                request = new GenerationRequest(messages, null, "", thinking, sampling);
            } else {
                request = GenerationRequest.raw(promptText, sampling);
            }
            return run(engine, request, out, err);
        } catch (IllegalArgumentException e) {
            return fail(err, ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    private int run(Qwen3Engine engine, GenerationRequest request, PrintWriter out, PrintWriter err) {
        int[] promptIds = engine.promptIds(request);
        List<ArrayNode> steps = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        Qwen3Engine.StepObserver observer = topLogits == 0 ? Qwen3Engine.StepObserver.NONE : (step, logits) -> {
            ArrayNode top = mapper.createArrayNode();
            for (int id : TopLogits.of(logits, topLogits)) top.addObject().put("id", id).put("logit", logits[id]);
            steps.add(top);
            if (!json) err.println("step " + step + " top " + top);
        };
        // Ctrl-C: the JVM runs this hook, which cancels the generation and waits for the partial result to be printed
        Cancellation cancellation = new Cancellation();
        CountDownLatch printed = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancellation.cancel("interrupted");
            try {
                printed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inkstone-generate-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            GenerationResult result = engine.generate(request, json ? GenerationListener.NONE : new StreamingListener(out), cancellation, observer);
            report(engine, promptIds, result, steps, mapper, out, err);
            return result.stopReason() == StopReason.CANCELLED ? ExitCode.INTERRUPTED.code() : ExitCode.OK.code();
        } finally {
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C; the hook is running
            }
        }
    }

    private void report(Qwen3Engine engine, int[] promptIds, GenerationResult result, List<ArrayNode> steps, ObjectMapper mapper,
            PrintWriter out, PrintWriter err) {
        double prefillTokensPerSecond = promptIds.length / Math.max(1e-9, result.timings().prefillSeconds());
        // the first token comes from the prefill; each later one costs one decode step
        double decodeTokensPerSecond = result.generatedTokens() > 1
                ? (result.generatedTokens() - 1) / Math.max(1e-9, result.timings().decodeSeconds()) : 0;
        if (json) {
            ObjectNode root = mapper.createObjectNode();
            ArrayNode prompt = root.putArray("prompt_ids");
            for (int id : promptIds) prompt.add(id);
            ArrayNode generated = root.putArray("generated_ids");
            result.generatedIds().forEach(generated::add);
            root.put("text", result.text());
            if (!result.thinking().isEmpty()) root.put("thinking", result.thinking());
            root.put("stop_reason", result.stopReason().label());
            ArrayNode stepArray = root.putArray("steps");
            for (ArrayNode top : steps) stepArray.addObject().set("top", top);
            ObjectNode timings = root.putObject("timings");
            timings.put("load_s", round(engine.loadSeconds()));
            timings.put("prefill_tok_s", round(prefillTokensPerSecond));
            timings.put("decode_tok_s", round(decodeTokensPerSecond));
            out.println(root.toString());
        } else {
            out.println();
        }
        out.flush();
        err.printf(Locale.ROOT, "%d prompt tokens, %d generated, stop: %s; prefill %.1f tok/s, decode %.2f tok/s%n", promptIds.length,
                result.generatedTokens(), result.stopReason().label(), prefillTokensPerSecond, decodeTokensPerSecond);
        err.flush();
    }

    /** The model's recommended sampling under the writing defaults, then the flags given. */
    SamplingOptions sampling(Qwen3Engine engine) {
        SamplingOptions base = new SamplingOptions(0.7, 20, 0.8, 0.0, 1.0, 0.0, maxNewTokens, 42L, List.copyOf(stop), ignoreEos);
        SamplingOptions s = engine.generationConfig().recommendedSampling(base);
        return new SamplingOptions(
                greedy ? 0.0 : temperature != null ? temperature : s.temperature(),
                topK != null ? topK : s.topK(),
                topP != null ? topP : s.topP(),
                minP != null ? minP : s.minP(),
                repetitionPenalty != null ? repetitionPenalty : s.repetitionPenalty(),
                presencePenalty != null ? presencePenalty : s.presencePenalty(),
                maxNewTokens,
                seed != null ? seed : s.seed(),
                List.copyOf(stop),
                ignoreEos);
    }

    /** Streams answer text to stdout as it comes; thinking text goes there too, inside {@code <think>…</think>}. */
    private static final class StreamingListener implements GenerationListener {
        private final PrintWriter out;
        private boolean inThinking;

        StreamingListener(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onThinking(String delta) {
            if (!inThinking) out.print("<think>\n");
            inThinking = true;
            out.print(delta);
            out.flush();
        }

        @Override
        public void onText(String delta) {
            if (inThinking) out.print("\n</think>\n\n");
            inThinking = false;
            out.print(delta);
            out.flush();
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private int fail(PrintWriter err, ExitCode code, String message) {
        err.println("inkstone " + spec.name() + ": " + message);
        err.flush();
        return code.code();
    }
}
