package io.inkstone.cli;

import io.inkstone.export.EngineChoice;
import io.inkstone.export.EngineStatus;
import io.inkstone.export.ExportService;
import io.inkstone.export.ExportSettings;
import io.inkstone.export.FontLocator;
import io.inkstone.export.FontSource;
import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorBackend;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.Generators;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.hub.HubCache;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.SafetensorsIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code inkstone doctor}: can this machine run Inkstone, and how well? Java, memory, CPU features, cores, disk, fonts,
 * Pandoc, the model (complete? memory per dtype?), a short measured speed, and a verdict.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks this machine for Inkstone: Java, memory, CPU features (AVX2, AVX-512, AVX-512-BF16, AMX), cores, free disk,",
                "CJK fonts, Pandoc and its PDF engines, the model (found, complete, memory per dtype) and a short measured decode",
                "speed; ends with a verdict. Exit code 3 when the model is missing or broken, else 0."})
public final class DoctorCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE|DIR", description = "inkstone.properties or its folder (for inkstone.model and the desk)")
    Path config;

    @Option(names = "--model", paramLabel = "DIR|ORG/NAME", description = "the model to check (default: inkstone.model of the settings, if any)")
    String model;

    @Option(names = "--no-speed", description = "skip loading the model and measuring tokens/s")
    boolean noSpeed;

    @Option(names = "--speed-tokens", paramLabel = "N", defaultValue = "16", description = "tokens to generate for the speed check (default: ${DEFAULT-VALUE})")
    int speedTokens;

    /** The seed's guidance: a 4B model needs about 8 GB in bf16 (half in int8); at least 4 cores. */
    static final int RECOMMENDED_CORES = 4;
    static final long FOUR_B_BF16_BYTES = 8_000_000_000L;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        line(out, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.home") + ")");
        long memTotal = memInfo("MemTotal:"), memAvailable = memInfo("MemAvailable:");
        line(out, "memory", memTotal > 0 ? String.format(Locale.ROOT, "%s total, %s available; this JVM may use %s of heap",
                gib(memTotal), gib(memAvailable), gib(Runtime.getRuntime().maxMemory())) : "unknown (no /proc/meminfo)");
        if (memTotal > 0 && memTotal < FOUR_B_BF16_BYTES) {
            warnings.add(gib(memTotal) + " of memory: a 4B model needs about 8 GB in bf16 (half with 8-bit weights); use a smaller model");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        line(out, "cores", cores + (cores < RECOMMENDED_CORES ? "  (fewer than the " + RECOMMENDED_CORES + " recommended: writing will be slow)" : ""));
        if (cores < RECOMMENDED_CORES) warnings.add(cores + " cores (" + RECOMMENDED_CORES + " or more recommended)");
        Set<String> features = cpuFeatures(Path.of("/proc/cpuinfo"));
        line(out, "cpu", cpuModel(Path.of("/proc/cpuinfo")));
        line(out, "cpu features", describeFeatures(features));
        if (!features.isEmpty() && !features.contains("AVX2")) warnings.add("no AVX2: libtorch runs its slow generic kernels");
        Path desk = deskFolder();
        disk(out, "disk (desk)", desk);
        disk(out, "disk (hub cache)", HubCache.standard().root());
        fonts(out);
        for (EngineStatus s : ExportService.create(new ExportSettings(EngineChoice.AUTO, null, null)).engines()) {
            line(out, "export " + s.format(), s.name() + ": " + (s.available() ? "" : "unavailable, ") + s.detail());
        }
        int code = model(out, memTotal, memAvailable);
        out.println();
        if (problems.isEmpty() && warnings.isEmpty()) {
            out.println("verdict: ready");
        } else {
            out.println("verdict: " + (problems.isEmpty() ? "usable, with warnings" : "NOT READY"));
            problems.forEach(p -> out.println("  problem: " + p));
            warnings.forEach(w -> out.println("  warning: " + w));
        }
        out.flush();
        return code;
    }

    private Path deskFolder() {
        if (config != null) {
            Path file = io.inkstone.pipeline.PipelineSettings.configIn(config);
            return file.toAbsolutePath().getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    private String modelReference() {
        if (model != null) return model;
        Path file = config != null ? io.inkstone.pipeline.PipelineSettings.configIn(config) : Path.of(io.inkstone.pipeline.PipelineSettings.FILE_NAME);
        if (!Files.isRegularFile(file)) return null;
        try {
            java.util.Properties p = new java.util.Properties();
            try (var reader = Files.newBufferedReader(file)) {
                p.load(reader);
            }
            String value = p.getProperty("inkstone.model");
            if (value == null || value.isBlank()) return null;
            value = value.strip();
            if (HubCache.isRepoId(value) && !Files.isDirectory(file.toAbsolutePath().getParent().resolve(value))) return value;
            return file.toAbsolutePath().getParent().resolve(value).normalize().toString();
        } catch (IOException | IllegalArgumentException e) {
            warnings.add("cannot read " + file + ": " + e.getMessage());
            return null;
        }
    }

    private int model(PrintWriter out, long memTotal, long memAvailable) {
        String reference = modelReference();
        if (reference == null) {
            line(out, "model", "none given (pass --model DIR|ORG/NAME or --config DESK)");
            warnings.add("no model checked");
            return ExitCode.OK.code();
        }
        Path folder;
        try {
            folder = HubCache.resolveModel(reference);
            Qwen3Config c = Qwen3Config.read(folder);
            SafetensorsIndex weights = SafetensorsIndex.open(folder);
            c.checkTensors(weights);
            if (!Files.isRegularFile(folder.resolve("tokenizer.json"))) throw new ModelLoadException(folder + " has no tokenizer.json");
            line(out, "model", String.format(Locale.ROOT, "%s: %s, %s parameters, %s weights%s, complete", reference, folder,
                    ModelCommand.formatCount(c.parameterCount()), ModelCommand.formatBytes(weights.totalDataBytes()),
                    c.synthetic() ? " (SYNTHETIC random weights)" : ""));
        } catch (ModelLoadException e) {
            line(out, "model", reference + ": " + e.getMessage());
            problems.add("model: " + e.getMessage());
            return ExitCode.MODEL_ERROR.code();
        }
        GeneratorBackend backend = Generators.backendFor(reference);
        long bf16 = -1;
        for (String dtype : backend.dtypes()) {
            OptionalLong need = backend.memoryBytes(reference, GeneratorOptions.defaults().withDtype(dtype));
            if (need.isEmpty()) continue;
            if (dtype.equals("bf16")) bf16 = need.getAsLong();
            boolean fits = memTotal <= 0 || need.getAsLong() <= memTotal;
            line(out, "memory " + dtype, String.format(Locale.ROOT, "~%s at the default context%s", gib(need.getAsLong()),
                    memTotal <= 0 ? "" : fits ? (need.getAsLong() <= memAvailable ? ", fits" : ", fits in total memory but not in what is available now")
                            : ", MORE than this machine has"));
        }
        if (bf16 > 0 && memTotal > 0 && bf16 > memTotal) problems.add("the model needs ~" + gib(bf16) + " in bf16 and this machine has " + gib(memTotal));
        else if (bf16 > 0 && memAvailable > 0 && bf16 > memAvailable) warnings.add("the model needs ~" + gib(bf16) + " in bf16; only " + gib(memAvailable) + " is available now");
        if (!noSpeed) speed(out, reference);
        return ExitCode.OK.code();
    }

    private void speed(PrintWriter out, String reference) {
        if (speedTokens < 1) speedTokens = 1;
        try (Generator g = Generators.open(reference, GeneratorOptions.defaults().withContextLength(512), LoadProgress.NONE)) {
            SamplingOptions sampling = new SamplingOptions(0, 0, 1, 0, 1, 0, speedTokens, 0, List.of(), true);
            GenerationResult r = g.generate(GenerationRequest.chat(List.of(ChatMessage.user("Write one sentence about ink.")), sampling));
            line(out, "speed", String.format(Locale.ROOT, "loaded in %.1f s; prompt %d tokens in %.2f s; %d tokens decoded at %.1f tokens/s (%s)",
                    g.loadSeconds(), r.promptTokens(), r.timings().prefillSeconds(), r.generatedTokens(), r.decodeTokensPerSecond(), g.describe()));
        } catch (ModelLoadException e) {
            line(out, "speed", "not measured: " + e.getMessage());
            problems.add("the model does not load: " + e.getMessage());
        }
    }

    private void fonts(PrintWriter out) {
        try {
            FontLocator.FontSet fonts = FontLocator.system().locate(null);
            line(out, "CJK font", fonts.text().describe());
            if (fonts.text().source() == FontSource.BUNDLED) {
                line(out, "", "no system CJK font found; the bundled one is used (apt-get install fonts-noto-cjk for more styles)");
            }
        } catch (RuntimeException e) {
            line(out, "CJK font", "none usable: " + e.getMessage());
            warnings.add("no CJK font: " + e.getMessage());
        }
    }

    private void disk(PrintWriter out, String label, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return;
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            line(out, label, String.format(Locale.ROOT, "%s free at %s", gib(free), folder));
            if (free < 10L << 30) warnings.add(label + ": only " + gib(free) + " free (a 4B model takes ~8 GB)");
        } catch (IOException e) {
            line(out, label, "unknown (" + e.getMessage() + ")");
        }
    }

    /** The features that matter for libtorch's CPU kernels, by their usual names, from {@code /proc/cpuinfo}'s flags. */
    static Set<String> cpuFeatures(Path cpuinfo) {
        Set<String> out = new LinkedHashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(cpuinfo);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            if (!line.startsWith("flags")) continue;
            Set<String> flags = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
            if (flags.contains("avx2")) out.add("AVX2");
            if (flags.contains("fma")) out.add("FMA");
            if (flags.contains("avx512f")) out.add("AVX-512");
            if (flags.contains("avx512_bf16")) out.add("AVX-512-BF16");
            if (flags.contains("avx512_vnni")) out.add("AVX-512-VNNI");
            if (flags.contains("amx_tile")) out.add("AMX");
            if (flags.contains("amx_bf16")) out.add("AMX-BF16");
            if (flags.contains("amx_int8")) out.add("AMX-INT8");
            break;
        }
        return out;
    }

    static String describeFeatures(Set<String> features) {
        if (features.isEmpty()) return "unknown (no flags in /proc/cpuinfo)";
        StringBuilder s = new StringBuilder(String.join(" ", features));
        for (String f : List.of("AVX2", "AVX-512", "AVX-512-BF16", "AMX")) if (!features.contains(f)) s.append("  no ").append(f);
        return s.toString();
    }

    private static String cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memInfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024L;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "%-17s %s%n", label.isEmpty() ? "" : label + ":", value);
    }
}
