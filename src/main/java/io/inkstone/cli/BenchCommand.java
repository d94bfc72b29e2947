package io.inkstone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.djl.Sampler;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.djl.EngineOptions;
import io.inkstone.llm.djl.Qwen3Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inkstone bench}: measures a model on this machine: load time, prefill and decode speed, time to first
 * token and peak resident memory, as medians over repetitions. Prompts are fixed pseudo-random ordinary tokens;
 * decoding is greedy and never stops early, so every run does the same work.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure load time, prefill and decode speed (tokens/s), time to first token and peak resident memory"
                + " of a model, as medians over --reps runs after one short untimed warm-up. With --batch N, N generations are"
                + " submitted together to the engine's batch scheduler (continuous batching; throughput counts all; --lockstep"
                + " steps N rows directly instead); with --context-fill N, after N cached positions (lockstep).",
                "Figures depend on what else runs: the machine's load average is printed with them."})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Mixin
    GenerateCommand.EngineArguments engineArguments;

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "128", description = "prompt length (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--gen-tokens", paramLabel = "N", defaultValue = "64", description = "tokens generated per sequence (default ${DEFAULT-VALUE})")
    int genTokens;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "sequences decoded together (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--context-fill", paramLabel = "N", defaultValue = "0",
            description = "positions cached before the prompt (filled once, not timed): measures prefill and decode at a long context"
                    + " (default ${DEFAULT-VALUE})")
    int contextFill;

    @Option(names = "--reps", paramLabel = "N", defaultValue = "3", description = "repetitions; the medians are reported (default ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--lockstep", description = "with --batch N: step N cache rows directly (no scheduler, no sampling overhead)")
    boolean lockstep;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One repetition's figures. */
    record Run(double prefillSeconds, double timeToFirstTokenSeconds, double decodeSeconds, int batch, int promptTokens, int genTokens) {
        double prefillTokensPerSecond() {
            return batch * promptTokens / prefillSeconds;
        }

        /** Decode steps after the first token (which the prefill yields), all sequences counted. */
        double decodeTokensPerSecond() {
            return genTokens > 1 ? batch * (genTokens - 1) / decodeSeconds : 0;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (promptTokens < 1 || genTokens < 1 || batch < 1 || reps < 1 || contextFill < 0) {
            err.println("inkstone bench: --prompt-tokens, --gen-tokens, --batch and --reps must be at least 1, --context-fill at least 0");
            return ExitCode.USAGE.code();
        }
        int needed = contextFill + promptTokens + genTokens;
        if (engineArguments.context == 0) engineArguments.context = Math.max(needed, EngineOptions.DEFAULT_CONTEXT_LENGTH);
        if (engineArguments.context < needed) {
            err.println("inkstone bench: --context " + engineArguments.context + " cannot hold " + contextFill + " + " + promptTokens + " + "
                    + genTokens + " tokens");
            return ExitCode.USAGE.code();
        }
        String loadBefore = loadAverage();
        boolean scheduled = batch > 1 && contextFill == 0 && !lockstep;
        if (scheduled) engineArguments.maxBatch = batch;
        Qwen3Engine engine;
        try {
            engine = engineArguments.open(err);
        } catch (ModelLoadException e) {
            err.println("inkstone bench: " + e.getMessage());
            return ExitCode.MODEL_ERROR.code();
        }
        try (engine) {
            if (scheduled) return scheduled(engine, loadBefore, out, err);
            engine.stepper().reserveSequences(batch);
            engine.stepper().reserveCapacity(needed);
            int[][] prompts = prompts(engine.tokenizer().size(), promptTokens, 1000);
            if (contextFill > 0) {
                int[][] filler = prompts(engine.tokenizer().size(), contextFill, 5000);
                long started = System.nanoTime();
                for (int b = 0; b < batch; b++) engine.stepper().prefillRow(b, 0, filler[b]);
                err.printf(Locale.ROOT, "filled %d positions x %d sequence(s) in %.1f s%n", contextFill, batch, (System.nanoTime() - started) / 1e9);
                err.flush();
            }
            warmUp(engine, prompts);
            List<Run> runs = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                Run run = once(engine, prompts);
                runs.add(run);
                err.printf(Locale.ROOT, "run %d/%d: prefill %.1f tok/s, first token %.2f s, decode %.2f tok/s%n", rep + 1, reps,
                        run.prefillTokensPerSecond(), run.timeToFirstTokenSeconds(), run.decodeTokensPerSecond());
                err.flush();
            }
            report(engine, runs, loadBefore, loadAverage(), out);
            return ExitCode.OK.code();
        } catch (ModelLoadException e) {
            err.println("inkstone bench: " + e.getMessage());
            return ExitCode.MODEL_ERROR.code();
        }
    }

    /**
     * --batch N through the scheduler: each repetition submits N generations of fresh prompts together (fresh, so no
     * cached prefix is reused); prefill ends when every sequence has its first token, decode when the last one ends.
     */
    private int scheduled(Qwen3Engine engine, String loadBefore, PrintWriter out, PrintWriter err) {
        if (engine.batchRows() < batch) {
            err.printf(Locale.ROOT, "note: memory holds %d of the %d sequences asked; the others wait their turn%n", engine.batchRows(), batch);
        }
        SamplingOptions greedy = new SamplingOptions(0.0, 0, 1.0, 0.0, 1.0, 0.0, genTokens, 0L, List.of(), true);
        int[][] warm = prompts(engine.tokenizer().size(), Math.min(8, promptTokens), 900);
        generate(engine, warm, greedy.withMaxNewTokens(2));
        List<Run> runs = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            int[][] prompts = prompts(engine.tokenizer().size(), promptTokens, 1000 + 100 * rep);
            long started = System.nanoTime();
            long[] firstTokens = generate(engine, prompts, greedy);
            long finished = System.nanoTime();
            long allFirst = Arrays.stream(firstTokens).max().orElse(started);
            long anyFirst = Arrays.stream(firstTokens).min().orElse(started);
            Run run = new Run((allFirst - started) / 1e9, (anyFirst - started) / 1e9, (finished - allFirst) / 1e9, batch, promptTokens,
                    genTokens);
            runs.add(run);
            err.printf(Locale.ROOT, "run %d/%d: prefill %.1f tok/s, first token %.2f s, decode %.2f tok/s (scheduler, widest step %d)%n",
                    rep + 1, reps, run.prefillTokensPerSecond(), run.timeToFirstTokenSeconds(), run.decodeTokensPerSecond(),
                    engine.widestBatch());
            err.flush();
        }
        report(engine, runs, loadBefore, loadAverage(), out);
        return ExitCode.OK.code();
    }

    /** Submits one generation per prompt together; returns when each got its first token (System.nanoTime). */
    private static long[] generate(Qwen3Engine engine, int[][] prompts, SamplingOptions sampling) {
        long[] first = new long[prompts.length];
        List<io.inkstone.llm.GenerationListener> listeners = new ArrayList<>();
        List<io.inkstone.llm.Cancellation> cancellations = new ArrayList<>();
        for (int b = 0; b < prompts.length; b++) {
            int index = b;
            listeners.add(new io.inkstone.llm.GenerationListener() {
                @Override public void onText(String delta) {}

                @Override public void onProgress(int generated, int max, double speed) {
                    if (generated == 1) first[index] = System.nanoTime();
                }
            });
            cancellations.add(new io.inkstone.llm.Cancellation());
        }
        engine.generateIds(Arrays.asList(prompts), sampling, listeners, cancellations);
        return first;
    }

    /** Fixed pseudo-random prompts of ordinary tokens, one per sequence. */
    private int[][] prompts(int tokenizerSize, int length, int seed) {
        int ordinary = Math.min(tokenizerSize, 151643); // below Qwen3's first special token
        int[][] prompts = new int[batch][length];
        for (int b = 0; b < batch; b++) {
            SplittableRandom random = new SplittableRandom(seed + b);
            for (int t = 0; t < length; t++) prompts[b][t] = random.nextInt(ordinary);
        }
        return prompts;
    }

    /**
     * One untimed short pass (a few prompt tokens, two decode steps) so that the timed runs do not pay for the first
     * touch of memory-mapped weights (llama.cpp's bench warms up the same way).
     */
    private void warmUp(Qwen3Engine engine, int[][] prompts) {
        int[] next = new int[batch];
        int[] starts = new int[batch];
        int length = Math.min(8, promptTokens);
        for (int b = 0; b < batch; b++) {
            engine.stepper().prefillRow(b, contextFill, Arrays.copyOf(prompts[b], length));
            next[b] = prompts[b][0];
            starts[b] = contextFill + length;
        }
        engine.stepper().forwardBatch(next, starts);
    }

    private Run once(Qwen3Engine engine, int[][] prompts) {
        Sampler greedy = new Sampler(SamplingOptions.greedy(genTokens));
        long started = System.nanoTime();
        int[] next = new int[batch];
        double firstToken = 0;
        for (int b = 0; b < batch; b++) {
            next[b] = greedy.next(engine.stepper().prefillRow(b, contextFill, prompts[b]), prompts[b], 0);
            if (b == 0) firstToken = (System.nanoTime() - started) / 1e9;
        }
        long prefilled = System.nanoTime();
        int[] starts = new int[batch];
        for (int g = 1; g < genTokens; g++) {
            Arrays.fill(starts, contextFill + promptTokens + g - 1);
            float[][] logits = engine.stepper().forwardBatch(next, starts);
            for (int b = 0; b < batch; b++) next[b] = greedy.next(logits[b], prompts[b], 0);
        }
        long decoded = System.nanoTime();
        return new Run((prefilled - started) / 1e9, firstToken, (decoded - prefilled) / 1e9, batch, promptTokens, genTokens);
    }

    private void report(Qwen3Engine engine, List<Run> runs, String loadBefore, String loadAfter, PrintWriter out) {
        double prefill = median(runs.stream().mapToDouble(Run::prefillTokensPerSecond).toArray());
        double decode = median(runs.stream().mapToDouble(Run::decodeTokensPerSecond).toArray());
        double firstToken = median(runs.stream().mapToDouble(Run::timeToFirstTokenSeconds).toArray());
        long peakRss = peakResidentBytes();
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("model", engine.modelName());
            root.put("dtype", engine.dtype().label());
            root.put("quantization", engine.quantization());
            root.put("device", engine.device());
            root.put("threads", engine.threads());
            root.put("context", engine.contextLength());
            root.put("batch", batch);
            root.put("batch_path", batch == 1 ? "single" : engine.maxBatch() > 1 ? "scheduler" : "lockstep");
            root.put("prompt_tokens", promptTokens);
            root.put("gen_tokens", genTokens);
            root.put("context_fill", contextFill);
            root.put("reps", runs.size());
            root.put("load_s", round(engine.loadSeconds()));
            root.put("prefill_tok_s", round(prefill));
            root.put("decode_tok_s", round(decode));
            root.put("time_to_first_token_s", round(firstToken));
            root.put("peak_rss_mib", peakRss / (1 << 20));
            root.put("rss_anon_mib", residentBytes("RssAnon:") / (1 << 20));
            root.put("rss_file_mib", residentBytes("RssFile:") / (1 << 20));
            root.put("load_average_before", loadBefore);
            root.put("load_average_after", loadAfter);
            ArrayNode all = root.putArray("runs");
            for (Run r : runs) {
                all.addObject().put("prefill_tok_s", round(r.prefillTokensPerSecond())).put("decode_tok_s", round(r.decodeTokensPerSecond()))
                        .put("time_to_first_token_s", round(r.timeToFirstTokenSeconds()));
            }
            out.println(root.toString());
        } else {
            out.printf(Locale.ROOT, "model            %s%n", engine.modelName());
            out.printf(Locale.ROOT, "setup            %s; batch %d, %d cached + %d prompt + %d generated tokens, %d run(s)%n",
                    engine.describe(), batch, contextFill, promptTokens, genTokens, runs.size());
            out.printf(Locale.ROOT, "load             %.2f s%n", engine.loadSeconds());
            out.printf(Locale.ROOT, "prefill          %.1f tok/s (median)%n", prefill);
            out.printf(Locale.ROOT, "first token      %.2f s (median)%n", firstToken);
            out.printf(Locale.ROOT, "decode           %.2f tok/s (median%s)%n", decode, batch > 1 ? ", all sequences" : "");
            out.printf(Locale.ROOT, "peak RSS         %d MiB (now: %d MiB anonymous, %d MiB file-backed model pages the kernel can drop)%n",
                    peakRss / (1 << 20), residentBytes("RssAnon:") / (1 << 20), residentBytes("RssFile:") / (1 << 20));
            out.printf(Locale.ROOT, "load average     %s before, %s after%n", loadBefore, loadAfter);
        }
        out.flush();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** VmHWM of /proc/self/status (peak resident set), or -1 where there is none. */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A line of /proc/self/status in bytes (RssAnon:, RssFile:), or -1. */
    static long residentBytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024L;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The 1-, 5- and 15-minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
