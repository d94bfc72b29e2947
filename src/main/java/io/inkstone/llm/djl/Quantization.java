package io.inkstone.llm.djl;

import io.inkstone.llm.qwen3.Qwen3Config;
import java.util.Map;
import java.util.TreeMap;

/** How {@link Dtype#INT4} splits a model's matrices into groups, known from its shape before loading ({@code model info}). */
public final class Quantization {

    private Quantization() {}

    /** The int4 group for a matrix with {@code inputs} inputs: 128, else 64 or 32 when they divide it, else 0 (stays bf16). */
    public static int int4Group(long inputs) {
        for (int g : new int[] {128, 64, 32}) if (inputs % g == 0) return g;
        return 0;
    }

    /** E.g. "int4 group 128 × 145" (each layer's q|k|v, o, gate|up and down, and the lm_head), as the load line says it. */
    public static String int4Plan(Qwen3Config c) {
        long[] inputs = {c.hiddenSize(), (long) c.numAttentionHeads() * c.headDim(), c.hiddenSize(), c.intermediateSize()};
        Map<String, Integer> counts = new TreeMap<>();
        for (long in : inputs) counts.merge(kind(in), c.numHiddenLayers(), Integer::sum);
        counts.merge(kind(c.hiddenSize()), 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        counts.forEach((kind, n) -> b.append(b.isEmpty() ? "" : ", ").append(kind).append(" × ").append(n));
        return b.toString();
    }

    static String kind(long inputs) {
        int group = int4Group(inputs);
        return group == 0 ? "bf16 (input " + inputs + " not divisible by 32)" : "int4 group " + group;
    }
}
