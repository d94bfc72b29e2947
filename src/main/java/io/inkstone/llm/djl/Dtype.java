package io.inkstone.llm.djl;

import java.util.Locale;

/** The precision the network computes in, and the format of the weights that one-token steps read. */
public enum Dtype {
    /**
     * bfloat16 activations and KV cache; one-token steps read weight-only int4 copies of every layer matrix and of
     * the lm_head (groups of 128 inputs, one bf16 scale and zero per group; 64 or 32 when the input size does not
     * divide by 128, bf16 when it divides by none), made at the first load and cached on disk. The 64 highest
     * logits are recomputed exactly from the bf16 head rows. About a quarter of the bytes of bf16 per token;
     * approximate. The default on CPU.
     */
    INT4("int4", 15, 2),
    /** As {@link #INT4} with int8 weights (one scale per output row): half the bytes of bf16, closer to it. */
    INT8("int8", 15, 2),
    /** bfloat16 weights, activations and KV cache; norms' statistics and the logits in float32. */
    BF16("bf16", 15, 2),
    /** float32 everywhere (weights widened, float32 KV cache): the exact mode, for verification. */
    F32("f32", 6, 4);

    /** Every accepted spelling, for help texts. */
    public static final String LABELS = "int4|int8|bf16|f32";

    private final String label;
    private final int torchCode;
    private final int bytesPerElement;

    Dtype(String label, int torchCode, int bytesPerElement) {
        this.label = label;
        this.torchCode = torchCode;
        this.bytesPerElement = bytesPerElement;
    }

    /** The command-line spelling ({@code int4}, {@code int8}, {@code bf16}, {@code f32}). */
    public String label() {
        return label;
    }

    /** The ScalarType number of the activations, bf16/f32 weights and KV cache (15 = bfloat16, 6 = float32). */
    int torchCode() {
        return torchCode;
    }

    /** True when one-token steps read quantized copies of the weights. */
    public boolean quantized() {
        return this == INT4 || this == INT8;
    }

    /** Bytes of one KV cache element (and of an unquantized weight) in this precision. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Parses {@code int4} / {@code int8} / {@code bf16} / {@code f32} (also {@code bfloat16}, {@code fp32}, {@code float32}), case-insensitively. */
    public static Dtype fromLabel(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "int4", "q4" -> INT4;
            case "int8", "q8" -> INT8;
            case "bf16", "bfloat16" -> BF16;
            case "f32", "fp32", "float32" -> F32;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "': use int4 (default, fastest), int8 (closer to bf16), "
                    + "bf16 or f32 (exact)");
        };
    }
}
