package io.inkstone.llm.qwen3;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The random generator of "synthetic Qwen3 weights v1" (SPEC §3-4): every weight a function of (seed, tensor name,
 * element index), so any element can be made alone, in any order, on any thread, and equals the reference
 * generator's bit for bit.
 */
final class SyntheticWeights {

    /** Spread of the norm weights around 1 (SPEC §2 {@code NOISE}). */
    static final float NORM_NOISE = 0.1f;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SyntheticWeights() {}

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long fnv1a64(byte[] bytes) {
        long h = 0xCBF29CE484222325L;
        for (byte b : bytes) {
            h ^= (b & 0xFF);
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** The per-tensor key: mix64(seed ^ fnv1a64(UTF-8 name)). */
    static long tensorKey(long seed, String name) {
        return mix64(seed ^ fnv1a64(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** The bf16 bit pattern of element {@code j} (row-major index) of a tensor. */
    static short element(long key, long j, boolean norm, float std) {
        long z = mix64(key + (j + 1) * GOLDEN);
        float u = (float) (z >>> 40) * 0x1p-23f - 1.0f;
        float w = norm ? 1.0f + NORM_NOISE * u : u * std;
        int bits = Float.floatToRawIntBits(w);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Writes elements {@code first .. first+count-1} of a tensor as little-endian bf16 into a new buffer. */
    static ByteBuffer block(long key, boolean norm, float std, long first, int count) {
        ByteBuffer out = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) out.putShort(element(key, first + i, norm, std));
        return out.flip();
    }
}
