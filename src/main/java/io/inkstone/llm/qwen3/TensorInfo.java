package io.inkstone.llm.qwen3;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor of a safetensors file lies on disk. Only the header is described; the data is never read here.
 *
 * @param name       the Hugging Face tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype      the safetensors dtype: {@code "BF16"}, {@code "F16"}, {@code "F32"} (others are listed but
 *                   not used by Qwen3)
 * @param shape      the PyTorch shape, row-major (e.g. {@code [out, in]} for a linear weight)
 * @param file       the safetensors file holding the data
 * @param dataOffset absolute byte offset of the first data byte in {@code file} (header included)
 * @param byteLength number of data bytes: numel × bytes per element
 */
public record TensorInfo(String name, String dtype, long[] shape, Path file, long dataOffset, long byteLength) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(file, "file");
        shape = shape.clone();
    }

    /** A copy of the shape (the record's array is never exposed). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar, the product of the shape otherwise). */
    public long numel() {
        return numel(shape);
    }

    /** Bytes per element of {@link #dtype()}. */
    public int bytesPerElement() {
        return SafetensorsIndex.bytesPerElement(dtype);
    }

    /** True when the shape equals {@code expected}. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                && file.equals(t.file) && dataOffset == t.dataOffset && byteLength == t.byteLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), file, dataOffset, byteLength);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @" + file.getFileName() + ":" + dataOffset + "+" + byteLength;
    }
}
