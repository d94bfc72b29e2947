package io.inkstone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.SafetensorsIndex;
import io.inkstone.llm.qwen3.SyntheticQwen3;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inkstone model}: create synthetic Qwen3 model folders and describe model folders. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Model folders: create a synthetic Qwen3 checkpoint (synth), describe one (info), download one from the Hugging Face hub (pull).",
        subcommands = {ModelCommand.Synth.class, ModelCommand.Info.class, ModelCommand.Pull.class})
public final class ModelCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }

    private static int fail(CommandLine.Model.CommandSpec spec, ExitCode code, String message) {
        spec.commandLine().getErr().println("inkstone model " + spec.name() + ": " + message);
        return code.code();
    }

    /** {@code inkstone model synth}: writes a synthetic Qwen3 model folder (random weights, "synthetic Qwen3 weights v1"). */
    @Command(
            name = "synth",
            mixinStandardHelpOptions = true,
            description = {
                "Writes a complete Hugging Face Qwen3 model folder with deterministic random weights (synthetic Qwen3 weights v1)",
                "and the real Qwen3 tokenizer: for tests and benchmarks, not for writing. The folder's config.json says it is synthetic.",
                "Presets: tiny (2 layers, hidden 64, ~20 MB; with the default seed it is the fixture A model),",
                "qwen3-0.6b (~1.2 GB), qwen3-4b (Qwen3-4B-Instruct-2507's shape, ~8 GB in 3 shards)."})
    static final class Synth implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--preset", paramLabel = "NAME", description = "tiny, qwen3-0.6b or qwen3-4b")
            String preset;

            @Option(names = "--config", paramLabel = "FILE.json",
                    description = "hyper-parameters: the keys of a Hugging Face config.json, plus \"seed\" and \"std\"")
            Path config;
        }

        @Option(names = "--seed", paramLabel = "N", description = "weight seed (default: 20261129 for presets, the file's \"seed\" with --config)")
        Long seed;

        @Option(names = "--std", paramLabel = "X",
                description = "matrix weights are uniform on [-X, X); must be exactly a float32 value (default: the config file's, else 0.125)")
        Double std;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the model folder to create (must be empty or new)")
        Path out;

        @Option(names = "--force", description = "write into a non-empty folder, replacing the model files in it")
        boolean force;

        @Option(names = "--threads", paramLabel = "N", description = "generator threads (default: one per core)")
        Integer threads;

        @Option(names = "--shard-size", paramLabel = "MB", defaultValue = "4000",
                description = "largest safetensors file in MB (10^6 bytes); bigger models are sharded with an index (default: ${DEFAULT-VALUE})")
        long shardSizeMegabytes;

        static final long DEFAULT_SEED = 20261129L;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            SyntheticQwen3.Spec model;
            try {
                Float stdOverride = std == null ? null : SyntheticQwen3.exactFloat(std, "--std");
                if (source.preset != null) {
                    model = SyntheticQwen3.Preset.fromLabel(source.preset)
                            .spec(seed == null ? DEFAULT_SEED : seed, stdOverride == null ? SyntheticQwen3.DEFAULT_STD : stdOverride);
                } else {
                    model = SyntheticQwen3.fromConfigJson(source.config, seed, stdOverride);
                }
            } catch (ModelLoadException | IllegalArgumentException e) {
                return fail(spec, ExitCode.INVALID_INPUT, e.getMessage());
            }
            if (shardSizeMegabytes < 1) return fail(spec, ExitCode.USAGE, "--shard-size must be at least 1 MB");
            SyntheticQwen3.WriteOptions options = new SyntheticQwen3.WriteOptions(shardSizeMegabytes * 1_000_000L,
                    threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads), force);
            Qwen3Config config = model.toConfig();
            long total = config.parameterCount() * 2;
            err.printf(Locale.ROOT, "synthesizing %s parameters (%s of bf16) into %s with %d thread(s)%n",
                    formatCount(config.parameterCount()), formatBytes(total), out, options.threads());
            ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
            long started = System.nanoTime();
            try {
                SyntheticQwen3.writeModelFolder(model, out, progress, options);
            } catch (FileAlreadyExistsException e) {
                progress.end();
                return fail(spec, ExitCode.INVALID_INPUT, e.getFile() + ": " + e.getReason());
            } catch (IOException e) {
                progress.end();
                return fail(spec, ExitCode.IO_ERROR, "writing " + out + " failed: " + e.getMessage()
                        + " (nothing was left half-written; check free disk space and permissions)");
            }
            progress.end();
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: synthetic Qwen3 (seed %d, std %s), %d layers, %s parameters, %s in %s"
                            + " (%.0f MB/s)%n", out, model.seed(), model.std(), config.numHiddenLayers(), formatCount(config.parameterCount()),
                    formatBytes(total), formatDuration(seconds), total / 1e6 / seconds);
            return ExitCode.OK.code();
        }
    }

    /** Prints percent, MB/s and ETA on stderr: a self-overwriting line on a terminal, a line per 10% otherwise. */
    static final class ProgressPrinter implements SyntheticQwen3.ProgressListener {
        private final PrintWriter err;
        private final boolean interactive;
        private final long started = System.nanoTime();
        private long lastPrint;
        private int lastDecile = -1;
        private boolean printedInteractive;

        ProgressPrinter(PrintWriter err, boolean interactive) {
            this.err = err;
            this.interactive = interactive;
        }

        @Override
        public void progress(long bytesWritten, long bytesTotal) {
            long now = System.nanoTime();
            int decile = (int) (bytesWritten * 10 / Math.max(1, bytesTotal));
            boolean due = interactive ? now - lastPrint > 500_000_000L || bytesWritten == bytesTotal : decile > lastDecile;
            if (!due) return;
            lastPrint = now;
            lastDecile = decile;
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            double bytesPerSecond = bytesWritten / seconds;
            double eta = bytesPerSecond > 0 ? (bytesTotal - bytesWritten) / bytesPerSecond : 0;
            String line = String.format(Locale.ROOT, "%5.1f%%  %,d / %,d MB  %.0f MB/s  ETA %s", 100.0 * bytesWritten / Math.max(1, bytesTotal),
                    bytesWritten / 1_000_000, bytesTotal / 1_000_000, bytesPerSecond / 1e6, formatDuration(eta));
            if (interactive) {
                err.print("\r" + line + "   ");
                printedInteractive = true;
            } else {
                err.println(line);
            }
            err.flush();
        }

        void end() {
            if (printedInteractive) err.println();
            err.flush();
        }
    }

    /** {@code inkstone model pull REPO}: downloads a model into the Hugging Face cache, resuming and verifying. */
    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description = {"Downloads a model repository from the Hugging Face hub into the standard hub cache ($HF_HUB_CACHE, else",
                "$HF_HOME/hub, else ~/.cache/huggingface/hub), laid out as huggingface_hub lays it out, so other tools share it.",
                "Interrupted files resume (HTTP Range); every file is checked against the hub's sha256 (LFS) or git blob id.",
                "HF_ENDPOINT names a mirror, HF_TOKEN a token for gated or private repos. Afterwards --model ORG/NAME finds it."})
    static final class Pull implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ORG/NAME", description = "the repo id, e.g. Qwen/Qwen3-4B-Instruct-2507")
        String repo;

        @Option(names = "--revision", paramLabel = "R", defaultValue = "main", description = "branch, tag or commit (default: ${DEFAULT-VALUE})")
        String revision;

        @Option(names = "--cache", paramLabel = "DIR", description = "the hub cache folder (default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub)")
        Path cache;

        @Option(names = "--endpoint", paramLabel = "URL", description = "the hub (default: $HF_ENDPOINT, else https://huggingface.co)")
        String endpoint;

        @Override
        public Integer call() {
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            if (endpoint != null) env.put("HF_ENDPOINT", endpoint);
            io.inkstone.llm.hub.HubCache hub = cache != null ? new io.inkstone.llm.hub.HubCache(cache) : io.inkstone.llm.hub.HubCache.standard();
            io.inkstone.llm.hub.ModelPuller puller;
            try {
                puller = io.inkstone.llm.hub.ModelPuller.fromEnvironment(hub, env);
            } catch (IllegalArgumentException e) {
                return fail(spec, ExitCode.USAGE, "not a URL: " + env.get("HF_ENDPOINT") + " (" + e.getMessage() + ")");
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "pulling %s@%s into %s%n", repo, revision, hub.root());
            ProgressPrinter printer = new ProgressPrinter(err, System.console() != null);
            long started = System.nanoTime();
            io.inkstone.llm.hub.ModelPuller.Result result;
            try {
                result = puller.pull(repo, revision, (file, done, total) -> printer.progress(done, total));
            } catch (io.inkstone.llm.hub.HubException e) {
                printer.end();
                return fail(spec, ExitCode.IO_ERROR, e.getMessage());
            }
            printer.end();
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().printf(Locale.ROOT, "%s@%s is complete in %s (commit %s): %d file(s), %d downloaded (%s) in %s; "
                            + "use it with --model %s%n", repo, revision, result.snapshot(), result.commit(), result.files(), result.downloaded(),
                    formatBytes(result.bytesDownloaded()), formatDuration(seconds), repo);
            return ExitCode.OK.code();
        }
    }

    /** {@code inkstone model info DIR}: what a model folder holds and what running it costs. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Describes a Hugging Face Qwen3 model folder: shape, parameters, dtype and size on disk, KV cache and memory "
                    + "at a context length, chat template variant, synthetic or trained. Checks the weights against config.json.")
    static final class Info implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR|ORG/NAME", description = "the model folder, or a Hugging Face repo id found in the hub cache")
        String reference;

        Path dir;

        @Option(names = "--context", paramLabel = "N", defaultValue = "8192",
                description = "context length (tokens) for the KV cache and memory figures (default: ${DEFAULT-VALUE}, at most the model's)")
        int contextLength;

        @Option(names = "--json", description = "print JSON instead of text")
        boolean json;

        @Option(names = "--max-batch", paramLabel = "N", defaultValue = "4",
                description = "sequences decoded together (inkstone.model.maxBatch) for the batch memory plan (default: ${DEFAULT-VALUE})")
        int maxBatch;

        @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "int4",
                description = "dtype of the batch memory plan (default: ${DEFAULT-VALUE})")
        String dtype;

        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public Integer call() throws IOException {
            if (contextLength < 1) return fail(spec, ExitCode.USAGE, "--context must be at least 1, got " + contextLength);
            if (maxBatch < 1) return fail(spec, ExitCode.USAGE, "--max-batch must be at least 1, got " + maxBatch);
            io.inkstone.llm.djl.Dtype planDtype;
            try {
                planDtype = io.inkstone.llm.djl.Dtype.fromLabel(dtype);
            } catch (IllegalArgumentException e) {
                return fail(spec, ExitCode.USAGE, e.getMessage());
            }
            Qwen3Config config;
            try {
                dir = io.inkstone.llm.hub.HubCache.resolveModel(reference);
                config = Qwen3Config.read(dir);
            } catch (ModelLoadException e) {
                return fail(spec, ExitCode.MODEL_ERROR, e.getMessage());
            }
            String weightsProblem = null;
            SafetensorsIndex weights = null;
            try {
                weights = SafetensorsIndex.open(dir);
                config.checkTensors(weights);
            } catch (ModelLoadException e) {
                weightsProblem = e.getMessage();
            }
            int context = Math.min(contextLength, config.maxPositionEmbeddings());
            ObjectNode report = report(config, weights, context);
            io.inkstone.llm.djl.BatchMemory batch = io.inkstone.llm.djl.BatchMemory.plan(config, planDtype, context, maxBatch);
            report.put("batchDtype", planDtype.label());
            report.put("batchSequencesAsked", batch.askedSequences());
            report.put("batchSequencesPlanned", batch.plannedSequences());
            report.put("batchKvBytesPerSequence", batch.kvBytesPerSequence());
            report.put("batchMemoryBytes", batch.totalBytes());
            report.put("memoryAvailableBytes", batch.availableBytes());
            if (weightsProblem != null) report.put("weightsProblem", weightsProblem);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.writeValueAsString(report));
            } else {
                printText(out, report, config, context);
            }
            out.flush();
            if (weightsProblem != null) return fail(spec, ExitCode.MODEL_ERROR, weightsProblem);
            return ExitCode.OK.code();
        }

        private ObjectNode report(Qwen3Config c, SafetensorsIndex weights, int context) throws IOException {
            ObjectNode r = JSON.createObjectNode();
            r.put("folder", dir.toAbsolutePath().normalize().toString());
            r.put("architecture", c.architecture());
            r.put("layers", c.numHiddenLayers());
            r.put("attentionHeads", c.numAttentionHeads());
            r.put("keyValueHeads", c.numKeyValueHeads());
            r.put("headDim", c.headDim());
            r.put("hiddenSize", c.hiddenSize());
            r.put("intermediateSize", c.intermediateSize());
            r.put("vocabSize", c.vocabSize());
            r.put("tiedEmbeddings", c.tieWordEmbeddings());
            r.put("ropeTheta", c.ropeTheta());
            r.put("rmsNormEps", c.rmsNormEps());
            r.put("maxPositionEmbeddings", c.maxPositionEmbeddings());
            r.put("parameters", c.parameterCount());
            r.put("configDtype", c.torchDtype());
            long weightBytes = c.parameterCount() * 2;
            if (weights != null) {
                r.put("dtypeOnDisk", String.join("+", weights.dtypes()));
                r.put("weightBytes", weights.totalDataBytes());
                r.put("weightFiles", weights.files().size());
                weightBytes = weights.totalDataBytes();
            }
            r.put("contextLength", context);
            long kvBf16 = c.kvCacheBytes(context, 2);
            long kvF32 = c.kvCacheBytes(context, 4);
            r.put("kvCacheBytesBf16", kvBf16);
            r.put("kvCacheBytesF32", kvF32);
            long logits = (long) c.vocabSize() * 4;
            r.put("memoryBytesBf16", weightBytes + kvBf16 + logits);
            r.put("memoryBytesF32", c.parameterCount() * 4 + kvF32 + logits);
            r.put("int4Groups", io.inkstone.llm.djl.Quantization.int4Plan(c));
            r.put("chatTemplate", chatTemplateVariant());
            r.put("tokenizer", Files.isRegularFile(dir.resolve("tokenizer.json")));
            r.put("generationConfig", Files.isRegularFile(dir.resolve("generation_config.json")));
            r.put("synthetic", c.synthetic());
            if (c.synthetic()) {
                JsonNode s = JSON.readTree(dir.resolve(Qwen3Config.FILE_NAME).toFile()).path("synthetic");
                r.put("syntheticSpec", s.path("spec").asText("?"));
                r.set("syntheticSeed", s.path("seed"));
                r.set("syntheticStd", s.path("std"));
            }
            return r;
        }

        /** "hybrid-thinking" when the chat template has the enable_thinking switch, "instruct" when it has none. */
        private String chatTemplateVariant() throws IOException {
            Path file = dir.resolve("tokenizer_config.json");
            if (!Files.isRegularFile(file)) return "missing (no tokenizer_config.json)";
            JsonNode template = JSON.readTree(file.toFile()).path("chat_template");
            if (!template.isTextual()) return "missing (tokenizer_config.json has no chat_template)";
            return template.asText().contains("enable_thinking") ? "hybrid-thinking" : "instruct";
        }

        private void printText(PrintWriter out, ObjectNode r, Qwen3Config c, int context) {
            out.printf(Locale.ROOT, "model folder:   %s%n", r.get("folder").asText());
            out.printf(Locale.ROOT, "architecture:   %s%s%n", c.architecture(), c.synthetic()
                    ? String.format(Locale.ROOT, "  SYNTHETIC (random weights, spec %s, seed %s, std %s): not a trained model",
                            r.get("syntheticSpec").asText(), r.get("syntheticSeed"), r.get("syntheticStd"))
                    : "");
            out.printf(Locale.ROOT, "shape:          %d layers, hidden %d, intermediate %d, vocab %d%n", c.numHiddenLayers(), c.hiddenSize(),
                    c.intermediateSize(), c.vocabSize());
            out.printf(Locale.ROOT, "attention:      %d heads, %d kv heads (GQA %d:1), head_dim %d, rope_theta %s, rms_norm_eps %s%n",
                    c.numAttentionHeads(), c.numKeyValueHeads(), c.queriesPerKeyValueHead(), c.headDim(), trim(c.ropeTheta()), c.rmsNormEps());
            out.printf(Locale.ROOT, "embeddings:     %s%n", c.tieWordEmbeddings() ? "tied (lm_head = embed_tokens)" : "untied (own lm_head)");
            out.printf(Locale.ROOT, "parameters:     %s (%,d)%n", formatCount(c.parameterCount()), c.parameterCount());
            if (r.has("weightBytes")) {
                out.printf(Locale.ROOT, "weights:        %s on disk, %s in %d file(s)%n", r.get("dtypeOnDisk").asText(),
                        formatBytes(r.get("weightBytes").asLong()), r.get("weightFiles").asInt());
            } else {
                out.printf(Locale.ROOT, "weights:        NOT USABLE (see below)%n");
            }
            out.printf(Locale.ROOT, "context:        %,d tokens (model maximum %,d)%n", context, c.maxPositionEmbeddings());
            out.printf(Locale.ROOT, "KV cache:       %s bf16, %s f32%n", formatBytes(r.get("kvCacheBytesBf16").asLong()),
                    formatBytes(r.get("kvCacheBytesF32").asLong()));
            out.printf(Locale.ROOT, "memory:         ~%s with bf16 weights and cache, ~%s all f32 (plus the runtime, ~0.5 GB)%n",
                    formatBytes(r.get("memoryBytesBf16").asLong()), formatBytes(r.get("memoryBytesF32").asLong()));
            out.printf(Locale.ROOT, "int4 (default): %s%n", r.get("int4Groups").asText());
            long available = r.get("memoryAvailableBytes").asLong();
            out.printf(Locale.ROOT, "batch plan:     %d of %d sequence(s) × %s KV (full context) in %s: ~%s in all, %s%n",
                    r.get("batchSequencesPlanned").asInt(), r.get("batchSequencesAsked").asInt(),
                    formatBytes(r.get("batchKvBytesPerSequence").asLong()), r.get("batchDtype").asText(),
                    formatBytes(r.get("batchMemoryBytes").asLong()),
                    available < 0 ? "memory available unknown" : formatBytes(available) + " available now (more requests wait for a free sequence)");
            out.printf(Locale.ROOT, "chat template:  %s%n", r.get("chatTemplate").asText());
            out.printf(Locale.ROOT, "tokenizer:      %s; generation_config.json %s%n", r.get("tokenizer").asBoolean() ? "tokenizer.json" : "MISSING tokenizer.json",
                    r.get("generationConfig").asBoolean() ? "present" : "absent (eos from the tokenizer)");
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
        }
    }

    /** 4022468096 -> "4.02 B", 9847232 -> "9.85 M". */
    static String formatCount(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.2f B", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Binary units: "7.49 GiB", "19.7 MiB". */
    static String formatBytes(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        return bytes + " B";
    }

    static String formatDuration(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        if (d.toHours() > 0) return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
        if (d.toMinutes() > 0) return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
