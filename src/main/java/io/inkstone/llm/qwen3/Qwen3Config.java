package io.inkstone.llm.qwen3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The hyper-parameters of a Qwen3 dense model, read from a Hugging Face {@code config.json}. Nothing is assumed:
 * tied or untied {@code lm_head}, the GQA ratio and a {@code head_dim} independent of the hidden size all come
 * from the file. Keys that Hugging Face may leave out get Hugging Face's defaults ({@code head_dim} =
 * hidden / heads, {@code num_key_value_heads} = heads, {@code rms_norm_eps} 1e-6, {@code rope_theta} 10000,
 * {@code max_position_embeddings} 32768, {@code tie_word_embeddings} false).
 *
 * @param vocabSize             rows of the embedding (151936 for Qwen3; the tokenizer has fewer tokens)
 * @param hiddenSize            width of the residual stream
 * @param intermediateSize      width of the MLP
 * @param numHiddenLayers       decoder layers
 * @param numAttentionHeads     query heads
 * @param numKeyValueHeads      key/value heads (GQA: each serves numAttentionHeads / numKeyValueHeads query heads)
 * @param headDim               width of one attention head (need not be hiddenSize / numAttentionHeads)
 * @param tieWordEmbeddings     true: logits use the embedding matrix and there is no {@code lm_head.weight}
 * @param rmsNormEps            epsilon of every RMSNorm (including q_norm/k_norm)
 * @param ropeTheta             RoPE base
 * @param maxPositionEmbeddings the longest context the model was trained for
 * @param torchDtype            {@code torch_dtype} of config.json ("bfloat16"), or "unspecified"
 * @param architecture          the architecture name ({@code Qwen3ForCausalLM})
 * @param synthetic             true for a folder written by {@link SyntheticQwen3} (random weights, not a trained model)
 */
public record Qwen3Config(
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
        String torchDtype,
        String architecture,
        boolean synthetic) {

    /** The file name of the configuration in a model folder. */
    public static final String FILE_NAME = "config.json";
    /** The one architecture Inkstone runs. */
    public static final String ARCHITECTURE = "Qwen3ForCausalLM";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WEIGHT_DTYPES = Set.of("BF16", "F16", "F32");

    public Qwen3Config {
        requirePositive("vocab_size", vocabSize);
        requirePositive("hidden_size", hiddenSize);
        requirePositive("intermediate_size", intermediateSize);
        requirePositive("num_hidden_layers", numHiddenLayers);
        requirePositive("num_attention_heads", numAttentionHeads);
        requirePositive("num_key_value_heads", numKeyValueHeads);
        requirePositive("head_dim", headDim);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + numAttentionHeads + ") must be a multiple of num_key_value_heads ("
                    + numKeyValueHeads + ")");
        }
        if (headDim % 2 != 0) throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
        if (!(rmsNormEps > 0 && rmsNormEps < 1)) throw new IllegalArgumentException("rms_norm_eps must be in (0, 1), got " + rmsNormEps);
        if (!(ropeTheta > 1 && Double.isFinite(ropeTheta))) throw new IllegalArgumentException("rope_theta must be > 1, got " + ropeTheta);
        requirePositive("max_position_embeddings", maxPositionEmbeddings);
        Objects.requireNonNull(torchDtype, "torchDtype");
        Objects.requireNonNull(architecture, "architecture");
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) throw new IllegalArgumentException(key + " must be positive, got " + value);
    }

    /**
     * Reads {@code modelDir/config.json}.
     *
     * @throws ModelLoadException when the file is missing or invalid, or the model is not a Qwen3 dense model
     */
    public static Qwen3Config read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("no " + FILE_NAME + " in " + modelDir + ": a Hugging Face model folder holds config.json, "
                    + "model.safetensors (or shards with model.safetensors.index.json), tokenizer.json and tokenizer_config.json; "
                    + "download the whole checkpoint or create one with 'inkstone model synth'", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromJson(JSON.readTree(text), file.toString());
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file + " is not valid JSON (" + e.getOriginalMessage() + ", line "
                    + e.getLocation().getLineNr() + "): download it again", e);
        }
    }

    /** Builds a config from a parsed config.json object; {@code source} names it in error messages. */
    static Qwen3Config fromJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) throw new ModelLoadException(source + " is not a JSON object");
        String architecture = architectureOf(root, source);
        int hidden = requiredInt(root, "hidden_size", source);
        int heads = requiredInt(root, "num_attention_heads", source);
        int kvHeads = optionalInt(root, "num_key_value_heads", heads, source);
        int headDim;
        if (root.hasNonNull("head_dim")) {
            headDim = requiredInt(root, "head_dim", source);
        } else {
            if (hidden % heads != 0) {
                throw new ModelLoadException(source + ": no head_dim, and hidden_size " + hidden + " is not a multiple of num_attention_heads "
                        + heads + "; add \"head_dim\"");
            }
            headDim = hidden / heads;
        }
        if (heads % kvHeads != 0) {
            throw new ModelLoadException(source + ": num_attention_heads (" + heads + ") is not a multiple of num_key_value_heads ("
                    + kvHeads + "); such a model cannot be a Qwen3 checkpoint: check the file");
        }
        if (root.hasNonNull("rope_scaling")) {
            throw new ModelLoadException(source + ": rope_scaling " + root.get("rope_scaling") + " is not supported; Inkstone runs "
                    + "Qwen3 with plain RoPE up to max_position_embeddings: set \"rope_scaling\": null");
        }
        if (root.path("attention_bias").asBoolean(false)) {
            throw new ModelLoadException(source + ": attention_bias true is not supported (Qwen3 has no attention biases)");
        }
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw new ModelLoadException(source + ": use_sliding_window true is not supported (Qwen3 dense models use full attention)");
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) throw new ModelLoadException(source + ": hidden_act " + act + " is not supported (Qwen3 uses silu)");
        String dtype = root.hasNonNull("torch_dtype") ? root.get("torch_dtype").asText()
                : root.hasNonNull("dtype") ? root.get("dtype").asText() : "unspecified";
        try {
            return new Qwen3Config(
                    requiredInt(root, "vocab_size", source),
                    hidden,
                    requiredInt(root, "intermediate_size", source),
                    requiredInt(root, "num_hidden_layers", source),
                    heads,
                    kvHeads,
                    headDim,
                    root.path("tie_word_embeddings").asBoolean(false),
                    optionalDouble(root, "rms_norm_eps", 1e-6, source),
                    optionalDouble(root, "rope_theta", 10000.0, source),
                    optionalInt(root, "max_position_embeddings", 32768, source),
                    dtype,
                    architecture,
                    root.path("synthetic").isObject());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(source + ": " + e.getMessage(), e);
        }
    }

    private static String architectureOf(JsonNode root, String source) {
        JsonNode archs = root.get("architectures");
        String modelType = root.path("model_type").asText("");
        if (archs != null && archs.isArray() && !archs.isEmpty()) {
            for (JsonNode a : archs) if (ARCHITECTURE.equals(a.asText())) return ARCHITECTURE;
            throw unsupported(archs.get(0).asText(), source);
        }
        if (modelType.equals("qwen3")) return ARCHITECTURE;
        throw unsupported(modelType.isEmpty() ? "(none named: no \"architectures\" and no \"model_type\")" : "model_type " + modelType, source);
    }

    private static ModelLoadException unsupported(String what, String source) {
        return new ModelLoadException("unsupported architecture " + what + " in " + source
                + ": Inkstone runs Qwen3 dense models (Qwen3ForCausalLM), e.g. Qwen3-4B-Instruct-2507");
    }

    private static int requiredInt(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) throw new ModelLoadException(source + " lacks \"" + key + "\": it is not a complete Qwen3 config.json");
        return positiveInt(n, key, source);
    }

    private static int optionalInt(JsonNode root, String key, int fallback, String source) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? fallback : positiveInt(n, key, source);
    }

    private static int positiveInt(JsonNode n, String key, String source) {
        if (!n.canConvertToExactIntegral() || n.asLong() <= 0 || n.asLong() > Integer.MAX_VALUE) {
            throw new ModelLoadException(source + ": \"" + key + "\" must be a positive integer, got " + n);
        }
        return (int) n.asLong();
    }

    private static double optionalDouble(JsonNode root, String key, double fallback, String source) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isNumber() || !(n.asDouble() > 0)) throw new ModelLoadException(source + ": \"" + key + "\" must be a positive number, got " + n);
        return n.asDouble();
    }

    /** Query heads per key/value head. */
    public int queriesPerKeyValueHead() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /**
     * One tensor of the checkpoint as this config implies it.
     *
     * @param name  Hugging Face tensor name
     * @param shape PyTorch shape
     * @param norm  true for the 1-D RMSNorm weights
     */
    public record ExpectedTensor(String name, long[] shape, boolean norm) {
        public ExpectedTensor {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements. */
        public long numel() {
            return TensorInfo.numel(shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExpectedTensor e && name.equals(e.name) && Arrays.equals(shape, e.shape) && norm == e.norm;
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /**
     * Every tensor of a Qwen3 checkpoint with this config, in the canonical order (embedding, lm_head when
     * untied, layer by layer, final norm). Qwen3 has no biases.
     */
    public List<ExpectedTensor> expectedTensors() {
        long v = vocabSize, h = hiddenSize, i = intermediateSize, d = headDim;
        long q = (long) numAttentionHeads * headDim, kv = (long) numKeyValueHeads * headDim;
        List<ExpectedTensor> out = new ArrayList<>(3 + 11 * numHiddenLayers);
        out.add(new ExpectedTensor("model.embed_tokens.weight", new long[] {v, h}, false));
        if (!tieWordEmbeddings) out.add(new ExpectedTensor("lm_head.weight", new long[] {v, h}, false));
        for (int layer = 0; layer < numHiddenLayers; layer++) {
            String p = "model.layers." + layer + ".";
            out.add(new ExpectedTensor(p + "input_layernorm.weight", new long[] {h}, true));
            out.add(new ExpectedTensor(p + "self_attn.q_proj.weight", new long[] {q, h}, false));
            out.add(new ExpectedTensor(p + "self_attn.k_proj.weight", new long[] {kv, h}, false));
            out.add(new ExpectedTensor(p + "self_attn.v_proj.weight", new long[] {kv, h}, false));
            out.add(new ExpectedTensor(p + "self_attn.o_proj.weight", new long[] {h, q}, false));
            out.add(new ExpectedTensor(p + "self_attn.q_norm.weight", new long[] {d}, true));
            out.add(new ExpectedTensor(p + "self_attn.k_norm.weight", new long[] {d}, true));
            out.add(new ExpectedTensor(p + "post_attention_layernorm.weight", new long[] {h}, true));
            out.add(new ExpectedTensor(p + "mlp.gate_proj.weight", new long[] {i, h}, false));
            out.add(new ExpectedTensor(p + "mlp.up_proj.weight", new long[] {i, h}, false));
            out.add(new ExpectedTensor(p + "mlp.down_proj.weight", new long[] {h, i}, false));
        }
        out.add(new ExpectedTensor("model.norm.weight", new long[] {h}, true));
        return out;
    }

    /** Number of parameters (the tied embedding counted once), e.g. 4,022,468,096 for Qwen3-4B. */
    public long parameterCount() {
        long n = 0;
        for (ExpectedTensor t : expectedTensors()) n += t.numel();
        return n;
    }

    /**
     * Bytes of a KV cache holding {@code contextLength} positions: keys and values of every layer,
     * {@code [layers, 2, kvHeads, contextLength, headDim]} elements of {@code bytesPerElement} bytes.
     */
    public long kvCacheBytes(int contextLength, int bytesPerElement) {
        return 2L * numHiddenLayers * numKeyValueHeads * headDim * (long) contextLength * bytesPerElement;
    }

    /**
     * Checks that the weights hold every tensor this config needs ({@code lm_head.weight} only when untied) with
     * the right shape and a floating-point dtype (BF16, F16, F32).
     *
     * @throws ModelLoadException naming the first mismatches when anything is missing or mis-shaped
     */
    public void checkTensors(SafetensorsIndex weights) {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (ExpectedTensor e : expectedTensors()) {
            String problem = null;
            if (!weights.contains(e.name())) {
                problem = "missing " + e.name();
            } else {
                TensorInfo t = weights.get(e.name());
                if (!t.hasShape(e.shape)) {
                    problem = e.name() + " has shape " + Arrays.toString(t.shape()) + ", config.json implies " + Arrays.toString(e.shape);
                } else if (!WEIGHT_DTYPES.contains(t.dtype())) {
                    problem = e.name() + " has dtype " + t.dtype() + " (supported: BF16, F16, F32)";
                }
            }
            if (problem != null) {
                count++;
                if (problems.size() < 5) problems.add(problem);
            }
        }
        if (count > 0) {
            Path folder = weights.files().get(0).getParent();
            throw new ModelLoadException("the weights in " + folder + " do not match config.json (" + count + " problem"
                    + (count == 1 ? "" : "s") + (count > problems.size() ? ", first " + problems.size() + " shown" : "") + "): "
                    + String.join("; ", problems) + ". Check that config.json and the weights come from the same checkpoint");
        }
    }
}
