package io.inkstone.llm.qwen3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * "Synthetic Qwen3 weights v1" (the fixtures' SPEC.md): random but fully deterministic Qwen3 checkpoints,
 * every weight a function of (seed, tensor name, element index). Writes a complete Hugging Face model folder
 * (config.json marked {@code "synthetic"}, BF16 safetensors, sharded with an index above
 * {@link WriteOptions#maxShardBytes()}, generation_config.json and the real Qwen3 tokenizer) streaming:
 * row blocks are generated in parallel and written in order, so no whole tensor is held in memory.
 *
 * <p>This class holds the spec and its presets and puts the folder together; the weights come from
 * {@link SyntheticWeights} (the random generator) and are written by {@link SafetensorsWriter} (beside the reader,
 * {@link SafetensorsIndex}).
 */
public final class SyntheticQwen3 {

    /** The generator version written into config.json. */
    public static final String SPEC_VERSION = "v1";
    /** Spread of the norm weights around 1 (SPEC §2 {@code NOISE}). */
    public static final float NORM_NOISE = SyntheticWeights.NORM_NOISE;
    /** The std of the fixtures, used when none is given. */
    public static final float DEFAULT_STD = 0.125f;
    /** Classpath folder holding the Qwen3 tokenizer files that every synthetic folder gets. */
    public static final String TOKENIZER_RESOURCE = "qwen3-tokenizer/";

    static final int BOS_TOKEN_ID = 151643;
    static final int IM_END_TOKEN_ID = 151645;
    static final int END_OF_TEXT_TOKEN_ID = 151643;

    private static final int CHUNK_ELEMENTS = 1 << 21; // 4 MiB of bf16 per generated block
    private static final String PARTIAL = ".partial";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SyntheticQwen3() {}

    /**
     * What to generate: the hyper-parameters of SPEC §5 plus seed and std.
     *
     * @param std matrix weights are uniform on [-std, std); must be exactly representable as a float (0.125, 0.0625)
     */
    public record Spec(
            int vocabSize,
            int hiddenSize,
            int intermediateSize,
            int numHiddenLayers,
            int numAttentionHeads,
            int numKeyValueHeads,
            int headDim,
            boolean tieWordEmbeddings,
            double rmsNormEps,
            double ropeTheta,
            int maxPositionEmbeddings,
            long seed,
            float std) {

        public Spec {
            if (!(std > 0 && std <= 1)) throw new IllegalArgumentException("std must be in (0, 1], got " + std);
            // validates the shapes (the fields are not assigned yet inside a compact constructor: pass the parameters)
            new Qwen3Config(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                    tieWordEmbeddings, rmsNormEps, ropeTheta, maxPositionEmbeddings, "bfloat16", Qwen3Config.ARCHITECTURE, true);
        }

        /** The config these weights have (marked synthetic). */
        public Qwen3Config toConfig() {
            return new Qwen3Config(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                    tieWordEmbeddings, rmsNormEps, ropeTheta, maxPositionEmbeddings, "bfloat16", Qwen3Config.ARCHITECTURE, true);
        }

        public Spec withSeed(long newSeed) {
            return new Spec(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                    tieWordEmbeddings, rmsNormEps, ropeTheta, maxPositionEmbeddings, newSeed, std);
        }

        public Spec withStd(float newStd) {
            return new Spec(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim,
                    tieWordEmbeddings, rmsNormEps, ropeTheta, maxPositionEmbeddings, seed, newStd);
        }
    }

    /** Built-in shapes. */
    public enum Preset {
        /** Fixture A's shape: 2 layers, hidden 64, head_dim 32, GQA 4:2, tied; ~20 MB. */
        TINY("tiny", 151936, 64, 192, 2, 4, 2, 32, true, 1e6, 40960),
        /** Qwen3-0.6B's shape: 28 layers, hidden 1024, 16:8 heads, head_dim 128, tied; ~1.2 GB. */
        QWEN3_0_6B("qwen3-0.6b", 151936, 1024, 3072, 28, 16, 8, 128, true, 1e6, 40960),
        /** Qwen3-4B-Instruct-2507's shape: 36 layers, hidden 2560, 32:8 heads, head_dim 128, tied, rope_theta 5e6, 262144 positions; ~8 GB in 3 shards. */
        QWEN3_4B("qwen3-4b", 151936, 2560, 9728, 36, 32, 8, 128, true, 5e6, 262144);

        private final String label;
        private final int vocab, hidden, intermediate, layers, heads, kvHeads, headDim, maxPositions;
        private final boolean tied;
        private final double ropeTheta;

        Preset(String label, int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int headDim, boolean tied,
                double ropeTheta, int maxPositions) {
            this.label = label;
            this.vocab = vocab;
            this.hidden = hidden;
            this.intermediate = intermediate;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            this.tied = tied;
            this.ropeTheta = ropeTheta;
            this.maxPositions = maxPositions;
        }

        /** The name used on the command line ({@code tiny}, {@code qwen3-0.6b}, {@code qwen3-4b}). */
        public String label() {
            return label;
        }

        /** This shape with the given seed and std (rms_norm_eps 1e-6). */
        public Spec spec(long seed, float std) {
            return new Spec(vocab, hidden, intermediate, layers, heads, kvHeads, headDim, tied, 1e-6, ropeTheta, maxPositions, seed, std);
        }

        /** The preset called {@code label}; the error lists the valid names. */
        public static Preset fromLabel(String label) {
            for (Preset p : values()) if (p.label.equalsIgnoreCase(label)) return p;
            List<String> names = new ArrayList<>();
            for (Preset p : values()) names.add(p.label);
            throw new IllegalArgumentException("unknown preset '" + label + "': choose one of " + String.join(", ", names));
        }
    }

    /**
     * How a folder is written.
     *
     * @param maxShardBytes tensor bytes per safetensors file; above it the weights are sharded with an index
     * @param threads       generator threads
     * @param overwrite     allow writing into a non-empty folder (replacing the model files in it)
     */
    public record WriteOptions(long maxShardBytes, int threads, boolean overwrite) {
        public WriteOptions {
            if (maxShardBytes <= 0) throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }

        /** Shards of at most 4 GB (like the real Qwen3-4B checkpoint), one thread per core, no overwrite. */
        public static WriteOptions defaults() {
            return new WriteOptions(4_000_000_000L, Runtime.getRuntime().availableProcessors(), false);
        }

        public WriteOptions withOverwrite(boolean allow) {
            return new WriteOptions(maxShardBytes, threads, allow);
        }

        public WriteOptions withMaxShardBytes(long bytes) {
            return new WriteOptions(bytes, threads, overwrite);
        }
    }

    /** Told how far the weights are written. Called on the writing thread after every block. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long bytesWritten, long bytesTotal);

        ProgressListener NONE = (done, total) -> {};
    }

    /**
     * Reads a spec from a JSON file with the keys of a Hugging Face config.json plus {@code seed} and {@code std}
     * (top level, or inside a {@code "synthetic"} block as in a folder this class wrote).
     */
    public static Spec fromConfigJson(Path file) {
        return fromConfigJson(file, null, null);
    }

    /**
     * As {@link #fromConfigJson(Path)}, with a seed and std that replace the file's when not null.
     *
     * @throws ModelLoadException when the file is unreadable or incomplete
     */
    public static Spec fromConfigJson(Path file, Long seedOverride, Float stdOverride) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("config file " + file + " does not exist", e);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file + " is not valid JSON (" + e.getOriginalMessage() + ", line " + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Qwen3Config c = Qwen3Config.fromJson(root, file.toString());
        JsonNode synthetic = root.path("synthetic");
        long seed;
        if (seedOverride != null) {
            seed = seedOverride;
        } else {
            JsonNode s = root.has("seed") ? root.get("seed") : synthetic.get("seed");
            if (s == null || !s.canConvertToExactIntegral()) {
                throw new ModelLoadException(file + " has no integer \"seed\": add \"seed\": N (or pass --seed N)");
            }
            seed = s.asLong();
        }
        float std;
        if (stdOverride != null) {
            std = stdOverride;
        } else {
            JsonNode s = root.has("std") ? root.get("std") : synthetic.get("std");
            std = s == null ? DEFAULT_STD : exactFloat(s.asDouble(Double.NaN), file.toString());
        }
        try {
            return new Spec(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                    c.numKeyValueHeads(), c.headDim(), c.tieWordEmbeddings(), c.rmsNormEps(), c.ropeTheta(), c.maxPositionEmbeddings(), seed, std);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The float equal to {@code value}, which must be exactly representable (SPEC §4: 0.125, 0.0625, 0.1875; not 0.1).
     *
     * @throws IllegalArgumentException naming {@code source} when it is not
     */
    public static float exactFloat(double value, String source) {
        float f = (float) value;
        if (!(f > 0) || (double) f != value) {
            throw new IllegalArgumentException(source + ": std " + value + " is not exactly a float32 value; use e.g. 0.125, 0.0625 or 0.03125");
        }
        return f;
    }

    // ---- the writer ----

    /** Writes a complete model folder with default options (shards of 4 GB, all cores, refusing a non-empty folder). */
    public static void writeModelFolder(Spec spec, Path outDir, ProgressListener progress) throws IOException {
        writeModelFolder(spec, outDir, progress, WriteOptions.defaults());
    }

    /**
     * Writes a complete Hugging Face model folder for {@code spec} into {@code outDir}. Every file is first
     * written as {@code NAME.partial} and renamed when all are complete (config.json last); on failure the
     * partial files are removed.
     *
     * @throws FileAlreadyExistsException when {@code outDir} is not empty and {@code options.overwrite()} is false
     */
    public static void writeModelFolder(Spec spec, Path outDir, ProgressListener progress, WriteOptions options) throws IOException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new FileAlreadyExistsException(outDir.toString(), null, "exists and is not a folder; choose another --out");
        }
        if (!options.overwrite() && Files.isDirectory(outDir) && !isEmpty(outDir)) {
            throw new FileAlreadyExistsException(outDir.toString(), null, "folder is not empty; choose a new folder or pass --force "
                    + "to replace the model files in it");
        }
        Files.createDirectories(outDir);
        Qwen3Config config = spec.toConfig();
        List<SafetensorsWriter.Shard> shards = SafetensorsWriter.plan(config.expectedTensors(), options.maxShardBytes());
        Map<String, byte[]> smallFiles = new LinkedHashMap<>();
        if (shards.size() > 1) smallFiles.put(SafetensorsIndex.INDEX_FILE, SafetensorsWriter.indexJson(shards));
        smallFiles.put("generation_config.json", generationConfigJson());
        smallFiles.put("tokenizer.json", resource("tokenizer.json"));
        smallFiles.put("tokenizer_config.json", resource("tokenizer_config.json"));
        smallFiles.put(Qwen3Config.FILE_NAME, configJson(spec));

        List<Path> partials = new ArrayList<>();
        try {
            long total = 0;
            for (SafetensorsWriter.Shard s : shards) total += s.dataBytes();
            ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
                Thread t = new Thread(r, "synth-qwen3");
                t.setDaemon(true);
                return t;
            });
            try {
                long[] done = {0};
                SafetensorsWriter.Elements weights = (tensor, first, count) ->
                        SyntheticWeights.block(SyntheticWeights.tensorKey(spec.seed(), tensor.name()), tensor.norm(), spec.std(), first, count);
                for (SafetensorsWriter.Shard s : shards) {
                    Path partial = outDir.resolve(s.fileName() + PARTIAL);
                    partials.add(partial);
                    SafetensorsWriter.write(s, partial, weights, CHUNK_ELEMENTS, pool, options.threads(), done, total, progress::progress);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Map.Entry<String, byte[]> f : smallFiles.entrySet()) {
                Path partial = outDir.resolve(f.getKey() + PARTIAL);
                partials.add(partial);
                Files.write(partial, f.getValue());
            }
            if (options.overwrite()) removeStaleWeights(outDir, shards);
            for (Path partial : partials) {
                String name = partial.getFileName().toString();
                Files.move(partial, outDir.resolve(name.substring(0, name.length() - PARTIAL.length())),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            for (Path p : partials) Files.deleteIfExists(p);
            throw e;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    /** With overwrite: old weights not about to be replaced (another shard count) would make the folder inconsistent. */
    private static void removeStaleWeights(Path outDir, List<SafetensorsWriter.Shard> shards) throws IOException {
        List<String> keep = new ArrayList<>();
        for (SafetensorsWriter.Shard s : shards) keep.add(s.fileName());
        try (DirectoryStream<Path> s = Files.newDirectoryStream(outDir, "model*.safetensors")) {
            for (Path p : s) if (!keep.contains(p.getFileName().toString())) Files.delete(p);
        }
        if (shards.size() == 1) Files.deleteIfExists(outDir.resolve(SafetensorsIndex.INDEX_FILE));
    }

    /** config.json as SPEC §7 defines it (the keys and values of the fixtures' {@code config} object). */
    static byte[] configJson(Spec spec) throws JsonProcessingException {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.putArray("architectures").add(Qwen3Config.ARCHITECTURE);
        c.put("model_type", "qwen3");
        c.put("attention_bias", false);
        c.put("attention_dropout", 0.0);
        c.put("hidden_act", "silu");
        c.put("bos_token_id", BOS_TOKEN_ID);
        c.put("eos_token_id", IM_END_TOKEN_ID);
        c.put("head_dim", spec.headDim());
        c.put("hidden_size", spec.hiddenSize());
        c.put("intermediate_size", spec.intermediateSize());
        c.put("initializer_range", (double) spec.std());
        c.put("max_position_embeddings", spec.maxPositionEmbeddings());
        c.put("max_window_layers", spec.numHiddenLayers());
        c.put("num_attention_heads", spec.numAttentionHeads());
        c.put("num_hidden_layers", spec.numHiddenLayers());
        c.put("num_key_value_heads", spec.numKeyValueHeads());
        c.put("rms_norm_eps", spec.rmsNormEps());
        c.putNull("rope_scaling");
        c.put("rope_theta", spec.ropeTheta());
        c.putNull("sliding_window");
        c.put("use_sliding_window", false);
        c.put("tie_word_embeddings", spec.tieWordEmbeddings());
        c.put("torch_dtype", "bfloat16");
        c.put("transformers_version", "4.51.0");
        c.put("use_cache", true);
        c.put("vocab_size", spec.vocabSize());
        ObjectNode s = c.putObject("synthetic");
        s.put("spec", SPEC_VERSION);
        s.put("seed", spec.seed());
        s.put("std", (double) spec.std());
        s.put("normNoise", 0.1); // NORM_NOISE as the decimal the spec names
        s.put("note", "weights generated by 'synthetic Qwen3 weights v1' (SPEC.md); random, not a trained model");
        return JSON.writeValueAsBytes(c);
    }

    private static byte[] generationConfigJson() throws JsonProcessingException {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        g.put("bos_token_id", BOS_TOKEN_ID);
        g.putArray("eos_token_id").add(IM_END_TOKEN_ID).add(END_OF_TEXT_TOKEN_ID);
        g.put("pad_token_id", END_OF_TEXT_TOKEN_ID);
        g.put("do_sample", false);
        return JSON.writeValueAsBytes(g);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SyntheticQwen3.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE + name)) {
            if (in == null) throw new IllegalStateException("resource " + TOKENIZER_RESOURCE + name + " is missing from the Inkstone jar (a build problem)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
