package io.inkstone.brief;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads a brief's {@code generation:} section: sampling overrides, each checked against its range. */
final class GenerationSectionReader {

    static final List<String> KEYS = List.of("temperature", "top_p", "top_k", "min_p", "repetition_penalty",
            "max_new_tokens", "seed", "thinking");
    /** Upper bound for {@code generation.max_new_tokens}. */
    static final int MAX_NEW_TOKENS = 32768;

    private final YamlNodeReader nodes;

    GenerationSectionReader(YamlNodeReader nodes) {
        this.nodes = nodes;
    }

    GenerationOverrides read(Node node) {
        if (YamlNodeReader.isNull(node)) return GenerationOverrides.NONE;
        if (!(node instanceof MappingNode map)) {
            nodes.report(node, "`generation` must be a map of sampling settings, found " + YamlNodeReader.describe(node), "e.g. `generation: {temperature: 0.7, top_p: 0.8}`");
            return GenerationOverrides.NONE;
        }
        Map<String, NodeTuple> keys = nodes.entries(map, "generation", KEYS, Map.of());
        Double temperature = decimal(keys, "temperature", 0, true, 5, true, "0 (greedy) and 5");
        Double topP = decimal(keys, "top_p", 0, false, 1, true, "0 (exclusive) and 1");
        Long topK = whole(keys, "top_k", 0, Integer.MAX_VALUE, "0 (off) or more");
        Double minP = decimal(keys, "min_p", 0, true, 1, false, "0 and 1 (exclusive)");
        Double repetitionPenalty = decimal(keys, "repetition_penalty", 1, true, 3, true, "1 (off) and 3");
        Long maxNewTokens = whole(keys, "max_new_tokens", 1, MAX_NEW_TOKENS, "between 1 and " + MAX_NEW_TOKENS);
        Long seed = whole(keys, "seed", Long.MIN_VALUE, Long.MAX_VALUE, "a whole number that fits in 64 bits");
        Boolean thinking = nodes.bool(keys, "thinking", "generation.thinking");
        return new GenerationOverrides(temperature, topP, topK == null ? null : topK.intValue(), minP, repetitionPenalty,
                maxNewTokens == null ? null : maxNewTokens.intValue(), seed, thinking);
    }

    private Double decimal(Map<String, NodeTuple> keys, String key, double low, boolean lowIncluded, double high, boolean highIncluded, String range) {
        Node node = YamlNodeReader.value(keys, key);
        if (YamlNodeReader.isNull(node)) return null;
        String name = "`generation." + key + "`";
        if (!(node instanceof ScalarNode scalar) || !YamlNodeReader.isNumber(scalar)) {
            nodes.report(node, name + " must be a number, found " + YamlNodeReader.describe(node), node instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? "write the number without quotes" : null);
            return null;
        }
        double value = ((Number) nodes.construct(scalar)).doubleValue();
        boolean inRange = (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high);
        if (!inRange) {
            nodes.report(node, name + " must be between " + range + ", found " + Outcome.shown(scalar.getValue()), null);
            return null;
        }
        return value;
    }

    /** A whole number within [low, high]; {@code range} words the limits for the message ("between 1 and 32768"). */
    private Long whole(Map<String, NodeTuple> keys, String key, long low, long high, String range) {
        Node node = YamlNodeReader.value(keys, key);
        if (YamlNodeReader.isNull(node)) return null;
        String name = "`generation." + key + "`";
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            boolean decimal = node instanceof ScalarNode s && s.getTag().equals(Tag.FLOAT);
            nodes.report(node, name + " must be a whole number, found " + (decimal ? "`" + ((ScalarNode) node).getValue() + "`" : YamlNodeReader.describe(node)), null);
            return null;
        }
        BigInteger value = nodes.numberValue(scalar).toBigIntegerExact();
        if (value.compareTo(BigInteger.valueOf(low)) < 0 || value.compareTo(BigInteger.valueOf(high)) > 0) {
            nodes.report(node, name + " must be " + range + ", found " + Outcome.shown(scalar.getValue()), null);
            return null;
        }
        return value.longValue();
    }
}
