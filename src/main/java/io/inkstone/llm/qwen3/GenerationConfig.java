package io.inkstone.llm.qwen3;

import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's {@code generation_config.json}: its end-of-sequence ids and the sampling it recommends. Values the
 * file does not set are null (sampling) or come from the tokenizer (eos: {@code <|im_end|>} and
 * {@code <|endoftext|>}, pad: {@code <|endoftext|>}).
 *
 * @param eosTokenIds       ids that end generation (the file's {@code eos_token_id}, an int or a list), never empty
 * @param padTokenId        {@code pad_token_id}, or -1 when unknown
 * @param doSample          {@code do_sample}, or null
 * @param temperature       {@code temperature}, or null
 * @param topP              {@code top_p}, or null
 * @param topK              {@code top_k}, or null
 * @param minP              {@code min_p}, or null
 * @param repetitionPenalty {@code repetition_penalty}, or null
 */
public record GenerationConfig(
        List<Integer> eosTokenIds,
        int padTokenId,
        Boolean doSample,
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double repetitionPenalty) {

    /** The file name in a model folder. */
    public static final String FILE_NAME = "generation_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public GenerationConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (eosTokenIds.isEmpty()) throw new IllegalArgumentException("a generation config needs at least one end-of-sequence id");
    }

    /**
     * Reads {@code modelDir/generation_config.json}; without the file, eos = the tokenizer's {@code <|im_end|>}
     * and {@code <|endoftext|>}, pad = {@code <|endoftext|>}, and no sampling defaults.
     *
     * @throws ModelLoadException when the file exists but is not valid
     */
    public static GenerationConfig read(Path modelDir, Qwen3Tokenizer tokenizer) {
        List<Integer> fallbackEos = new ArrayList<>();
        tokenizer.tokenId("<|im_end|>").ifPresent(fallbackEos::add);
        tokenizer.tokenId("<|endoftext|>").ifPresent(fallbackEos::add);
        return read(modelDir, fallbackEos, tokenizer.tokenId("<|endoftext|>").orElse(-1));
    }

    /** As {@link #read(Path, Qwen3Tokenizer)} with explicit fallbacks for a missing file or missing keys. */
    public static GenerationConfig read(Path modelDir, List<Integer> fallbackEosIds, int fallbackPadId) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            if (fallbackEosIds.isEmpty()) {
                throw new ModelLoadException("no " + FILE_NAME + " in " + modelDir + " and the tokenizer has no <|im_end|> or <|endoftext|>: "
                        + "copy generation_config.json of the checkpoint into the folder");
            }
            return new GenerationConfig(fallbackEosIds, fallbackPadId, null, null, null, null, null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file + " is not valid JSON (" + e.getOriginalMessage() + "): fix or delete it", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ModelLoadException(file + " is not a JSON object: fix or delete it");
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = root.get("eos_token_id");
        if (eosNode != null && eosNode.isArray()) {
            for (JsonNode n : eosNode) eos.add(tokenId(n, "eos_token_id", file));
        } else if (eosNode != null && !eosNode.isNull()) {
            eos.add(tokenId(eosNode, "eos_token_id", file));
        }
        if (eos.isEmpty()) eos.addAll(fallbackEosIds);
        if (eos.isEmpty()) throw new ModelLoadException(file + " has no eos_token_id and the tokenizer names none: add \"eos_token_id\"");
        JsonNode pad = root.get("pad_token_id");
        return new GenerationConfig(
                eos,
                pad == null || pad.isNull() ? fallbackPadId : tokenId(pad, "pad_token_id", file),
                root.hasNonNull("do_sample") ? root.get("do_sample").asBoolean() : null,
                number(root, "temperature", file),
                number(root, "top_p", file),
                root.hasNonNull("top_k") ? tokenId(root.get("top_k"), "top_k", file) : null,
                number(root, "min_p", file),
                number(root, "repetition_penalty", file));
    }

    private static int tokenId(JsonNode n, String key, Path file) {
        if (!n.canConvertToExactIntegral() || n.asLong() < 0 || n.asLong() > Integer.MAX_VALUE) {
            throw new ModelLoadException(file + ": \"" + key + "\" must be a non-negative integer, got " + n);
        }
        return (int) n.asLong();
    }

    private static Double number(JsonNode root, String key, Path file) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isNumber()) throw new ModelLoadException(file + ": \"" + key + "\" must be a number, got " + n);
        return n.asDouble();
    }

    /** True when {@code id} ends generation. */
    public boolean isEndOfSequence(int id) {
        return eosTokenIds.contains(id);
    }

    /**
     * The model's recommended sampling over {@code base}: each value the file sets replaces base's when it is in
     * {@link SamplingOptions}' range (else base's is kept); {@code do_sample: false} makes it greedy.
     */
    public SamplingOptions recommendedSampling(SamplingOptions base) {
        double t = temperature != null && temperature > 0 && temperature <= 5 ? temperature : base.temperature();
        if (Boolean.FALSE.equals(doSample)) t = 0.0;
        int k = topK != null && topK >= 0 ? topK : base.topK();
        double p = topP != null && topP > 0 && topP <= 1 ? topP : base.topP();
        double m = minP != null && minP >= 0 && minP < 1 ? minP : base.minP();
        double r = repetitionPenalty != null && repetitionPenalty >= 1 && repetitionPenalty <= 3 ? repetitionPenalty : base.repetitionPenalty();
        return new SamplingOptions(t, k, p, m, r, base.presencePenalty(), base.maxNewTokens(), base.seed(), base.stopStrings(), base.ignoreEos());
    }
}
