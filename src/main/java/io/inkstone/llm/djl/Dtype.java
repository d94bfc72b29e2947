package io.inkstone.llm.djl;

import java.util.Locale;

/** The precision the network computes in. */
public enum Dtype {
    /** bfloat16 weights, activations and KV cache; norms' statistics and the logits in float32. The default. */
    BF16("bf16", 15, 2),
    /** float32 everywhere (weights widened, float32 KV cache): the exact mode, for verification. */
    F32("f32", 6, 4),
    /**
     * As {@link #BF16}, but one-token decode steps read weight-only int8 copies of the layer matrices (one scale
     * per output row, made at load): about half the bytes per token. Prompts still run on the bf16 weights.
     * Approximate (quantization error); an option, not the default.
     */
    INT8("int8", 15, 2);

    private final String label;
    private final int torchCode;
    private final int bytesPerElement;

    Dtype(String label, int torchCode, int bytesPerElement) {
        this.label = label;
        this.torchCode = torchCode;
        this.bytesPerElement = bytesPerElement;
    }

    /** The command-line spelling ({@code bf16}, {@code f32}). */
    public String label() {
        return label;
    }

    /** The ScalarType number of the activations, weights and KV cache (15 = bfloat16, 6 = float32). */
    int torchCode() {
        return torchCode;
    }

    /** True when decode steps use int8 copies of the layer weights. */
    boolean quantized() {
        return this == INT8;
    }

    /** Bytes of one weight or cache element in this precision (int8: of the bf16 weights and the cache). */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Parses {@code bf16} / {@code f32} / {@code int8} (also {@code bfloat16}, {@code fp32}, {@code float32}), case-insensitively. */
    public static Dtype fromLabel(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "bf16", "bfloat16" -> BF16;
            case "f32", "fp32", "float32" -> F32;
            case "int8" -> INT8;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "': use bf16 (default), f32 (exact) or int8 (faster decoding, approximate)");
        };
    }
}
