package io.inkstone.llm.djl;

import java.util.Locale;

/** The precision the network computes in. */
public enum Dtype {
    /** bfloat16 weights, activations and KV cache; norms' statistics and the logits in float32. The default. */
    BF16("bf16", 15, 2),
    /** float32 everywhere (weights widened, float32 KV cache): the exact mode, for verification. */
    F32("f32", 6, 4);

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

    /** The ScalarType number TorchScript uses for this dtype (15 = bfloat16, 6 = float32). */
    int torchCode() {
        return torchCode;
    }

    /** Bytes of one weight or cache element in this precision. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Parses {@code bf16} / {@code f32} (also {@code bfloat16}, {@code fp32}, {@code float32}), case-insensitively. */
    public static Dtype fromLabel(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "bf16", "bfloat16" -> BF16;
            case "f32", "fp32", "float32" -> F32;
            default -> throw new IllegalArgumentException("unknown dtype '" + text + "': use bf16 (default) or f32 (exact)");
        };
    }
}
