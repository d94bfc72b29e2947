package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.SafetensorsIndex;
import io.inkstone.llm.qwen3.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Qwen3 network on libtorch through DJL. The compute lives in TorchScript ({@code qwen3.torchscript.py}, a
 * resource packed into an archive by {@link TorchScriptArchive}); this class maps the weights, prepares them
 * (fused q/k/v and gate/up, dtype), owns the KV cache and the RoPE tables, and runs one TorchScript call per
 * forward pass. Weights never pass through the Java heap: each safetensors tensor is a view of a private, lazy
 * memory map made inside libtorch ({@code torch.from_file}); in bf16 they are used in place, except q/k/v (and
 * gate/up) that do not lie back to back in the file, which are fused by copying. bf16 tensors never cross the
 * JNI boundary as DJL arrays (DJL 0.36 cannot hold them): Java keeps them as opaque {@link IValue} lists.
 *
 * <p>Not thread-safe: one caller at a time (the engine serializes).
 */
final class Qwen3Runtime implements AutoCloseable {

    static final String SOURCE_RESOURCE = "/io/inkstone/llm/djl/qwen3.torchscript.py";
    static final String CLASS_NAME = "Qwen3";

    private final Qwen3Config config;
    private final Dtype dtype;
    private final int contextLength;
    private final String device;
    private final Model model;
    private final PtSymbolBlock block;
    private final PtNDManager manager;
    /** [embedding, final norm, lm_head, 8 per layer]: see the top of the TorchScript source. */
    private final IValue weights;
    /** Quantized (weight, scales) pairs, 8 per layer then the lm_head's ({@link Dtype#quantized()}), else an empty list. */
    private final IValue quantized;
    /** What quantization did, for the load line and {@code model info}; empty when not quantized. */
    private final String quantization;
    /** True when prompt chunks read the bf16 weights in a quantized dtype. */
    private final boolean bf16Prefill;
    /** True when the quantized weights came from the on-disk cache. */
    private final boolean fromCache;
    /** Positions the KV cache holds now (grows towards {@link #contextLength}). */
    private int capacity;
    /** [cos, sin], each [C, d] in the compute dtype. */
    private final IValue rope;
    /** 2 per layer (keys, values), each [rows, nkv, C, d]; replaced by {@link #ensureCacheRows}. */
    private IValue cache;
    private int cacheRows;

    private Qwen3Runtime(Qwen3Config config, Dtype dtype, int contextLength, String device, Model model, IValue weights,
            IValue quantized, IValue rope, IValue cache, int cacheRows, int capacity, String quantization, boolean bf16Prefill,
            boolean fromCache) {
        this.capacity = capacity;
        this.quantization = quantization;
        this.bf16Prefill = bf16Prefill;
        this.fromCache = fromCache;
        this.config = config;
        this.dtype = dtype;
        this.contextLength = contextLength;
        this.device = device;
        this.model = model;
        this.block = (PtSymbolBlock) model.getBlock();
        this.manager = (PtNDManager) model.getNDManager();
        this.weights = weights;
        this.quantized = quantized;
        this.rope = rope;
        this.cache = cache;
        this.cacheRows = cacheRows;
    }

    /** Positions of a new KV cache: enough for short work; it grows (doubling) towards the context length. */
    static final int INITIAL_CAPACITY = 1024;

    /**
     * Maps and prepares the weights (quantizing them, or mapping the quantized copies cached under
     * {@code cacheDir}), builds the RoPE tables and a zeroed KV cache of {@code cacheRows} rows.
     *
     * @param bf16Prefill in a quantized dtype: keep the bf16 layer matrices for prompt chunks (else they are dropped
     *                    and prompts run on the quantized ones)
     * @throws ModelLoadException when the weights cannot be mapped or the TorchScript module cannot be loaded
     */
    static Qwen3Runtime load(Qwen3Config config, SafetensorsIndex index, Dtype dtype, int contextLength, int cacheRows, Path cacheDir,
            boolean bf16Prefill, LoadProgress progress) {
        TorchEnvironment.start();
        Device djlDevice = TorchEnvironment.device();
        String device = djlDevice.isGpu() ? "cuda:" + djlDevice.getDeviceId() : "cpu";
        Path archive = TorchScriptArchive.build(SOURCE_RESOURCE, CLASS_NAME, cacheDir);
        Model model = Model.newInstance("qwen3", djlDevice, "PyTorch");
        try {
            model.load(archive);
        } catch (IOException | MalformedModelException | EngineException e) {
            model.close();
            throw new IllegalStateException("libtorch rejected Inkstone's Qwen3 TorchScript module " + archive + ": " + e.getMessage(), e);
        }
        List<IValue> owned = new ArrayList<>();
        List<IValue> packed = new ArrayList<>();
        boolean quantize = dtype.quantized() && !djlDevice.isGpu();
        boolean keepBf16 = !quantize || bf16Prefill;
        int layers = config.numHiddenLayers();
        Path cacheFile = quantize ? QuantizedCache.file(cacheDir, index.files(), dtype.label()) : null;
        List<QuantizedCache.Entry> cached = quantize ? QuantizedCache.read(cacheFile) : null;
        if (cached != null && cached.size() != 2 * (4 * layers + 1)) cached = null;
        QuantizedCache.Writer writer = null;
        try {
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            Loader loader = new Loader(block, index, dtype, device);
            if (quantize && cached == null) {
                try {
                    writer = new QuantizedCache.Writer(cacheFile, 2 * (4 * layers + 1));
                } catch (IOException e) {
                    writer = null; // no cache this time: quantize anyway
                }
            }
            Quantizer quantizer = quantize ? new Quantizer(block, dtype, cached, cacheFile, writer, (PtNDManager) model.getNDManager()) : null;
            String stage = !quantize ? "mapping weights" : cached != null ? "mapping cached " + dtype.label() + " weights"
                    : "mapping and quantizing weights to " + dtype.label();
            progress.progress(stage, 0, layers + 1);
            try (IValue head = loader.head(config.tieWordEmbeddings())) {
                owned.addAll(List.of(head.toIValueArray()));
            }
            progress.progress(stage, 1, layers + 1);
            int[] matrices = {1, 4, 6, 7}; // q|k|v, o, gate|up, down
            long[] inputs = {config.hiddenSize(), (long) config.numAttentionHeads() * config.headDim(), config.hiddenSize(),
                    config.intermediateSize()};
            for (int layer = 0; layer < layers; layer++) {
                boolean[] need = new boolean[8];
                java.util.Arrays.fill(need, true);
                if (quantize && !keepBf16 && cached != null) {
                    for (int k = 0; k < 4; k++) need[matrices[k]] = cached.get(2 * (4 * layer + k)).length() == 0;
                }
                try (IValue prepared = loader.layer(layer, need)) {
                    IValue[] entries = prepared.toIValueArray();
                    if (quantize) {
                        for (int k = 0; k < 4; k++) {
                            int i = matrices[k];
                            boolean quantized = quantizer.next(entries[i], inputs[k], packed);
                            if (quantized && !keepBf16) {
                                IValue empty = IValueUtils.runMethod(block, "empty_like_weight", entries[i]);
                                entries[i].close();
                                entries[i] = empty;
                            }
                        }
                    }
                    owned.addAll(List.of(entries));
                }
                progress.progress(stage, layer + 2, layers + 1);
            }
            if (quantize) quantizer.next(owned.get(2), config.hiddenSize(), packed); // the lm_head (rows are rescored from bf16)
            boolean fromCache = quantize && cached != null;
            if (quantize) quantizer.finish();
            writer = null;
            IValue weights = IValue.listFrom(owned.toArray(IValue[]::new));
            IValue quantized = packed.isEmpty() ? IValue.listFrom(new PtNDArray[0]) : IValue.listFrom(packed.toArray(IValue[]::new));
            owned.forEach(IValue::close);
            packed.forEach(IValue::close);
            packed.clear();
            owned.clear();
            owned.add(weights);
            owned.add(quantized);
            IValue rope;
            try (IValue theta = IValue.from(config.ropeTheta());
                    IValue headDim = IValue.from((long) config.headDim());
                    IValue capacityValue = IValue.from((long) contextLength);
                    IValue code = IValue.from((long) dtype.torchCode());
                    IValue where = IValue.from(device)) {
                rope = IValueUtils.runMethod(block, "rope_tables", theta, headDim, capacityValue, code, where);
            }
            owned.add(rope);
            progress.progress("allocating the KV cache", 0, 1);
            int capacity = Math.min(contextLength, INITIAL_CAPACITY);
            IValue cache = newCache(block, config, dtype, capacity, cacheRows, device);
            progress.progress("allocating the KV cache", 1, 1);
            return new Qwen3Runtime(config, dtype, contextLength, device, model, weights, quantized, rope, cache, cacheRows, capacity,
                    quantize ? quantizer.summary() : "", quantize && keepBf16, fromCache);
        } catch (EngineException e) {
            owned.forEach(IValue::close);
            packed.forEach(IValue::close);
            closeQuietly(writer);
            model.close();
            String reason = lastErrorLine(e.getMessage());
            Path folder = index.files().get(0).getParent();
            if (reason.toLowerCase(java.util.Locale.ROOT).contains("alloc")) {
                throw new ModelLoadException("ran out of memory loading " + folder + " (" + reason + "): use a shorter --context, "
                        + "--dtype int4, or close other programs", e);
            }
            throw new ModelLoadException("libtorch could not load the weights of " + folder + ": " + reason
                    + ". Check that the safetensors files are complete (download them again)", e);
        } catch (RuntimeException | Error e) {
            owned.forEach(IValue::close);
            packed.forEach(IValue::close);
            closeQuietly(writer);
            model.close();
            throw e;
        }
    }

    private static void closeQuietly(QuantizedCache.Writer writer) {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException ignored) {
            // a temporary file that could not be deleted is harmless
        }
    }

    /**
     * Makes (or maps from the cache) the quantized pair of each matrix in turn, appending it to the quantized list
     * and, on a cache miss, to the cache file; counts what it did for {@link #summary}.
     */
    private static final class Quantizer {
        private final PtSymbolBlock block;
        private final Dtype dtype;
        private final List<QuantizedCache.Entry> cached;
        private final Path cacheFile;
        private QuantizedCache.Writer writer;
        private final PtNDManager manager;
        private final java.util.TreeMap<String, Integer> counts = new java.util.TreeMap<>();
        private int index;

        Quantizer(PtSymbolBlock block, Dtype dtype, List<QuantizedCache.Entry> cached, Path cacheFile, QuantizedCache.Writer writer,
                PtNDManager manager) {
            this.block = block;
            this.dtype = dtype;
            this.cached = cached;
            this.cacheFile = cacheFile;
            this.writer = writer;
            this.manager = manager;
        }

        /** Appends the pair for {@code weight} ([out, inputs], bf16) to {@code out}; true when it is quantized (not left in bf16). */
        boolean next(IValue weight, long inputs, List<IValue> out) {
            IValue[] pair;
            if (cached != null) {
                pair = new IValue[] {map(cached.get(index), cacheFile), map(cached.get(index + 1), cacheFile)};
            } else {
                IValue made;
                if (dtype == Dtype.INT8) {
                    made = IValueUtils.runMethod(block, "quantize_int8", weight);
                } else {
                    int group = Quantization.int4Group(inputs);
                    if (group == 0) {
                        made = IValueUtils.runMethod(block, "no_quantization");
                    } else {
                        try (IValue g = IValue.from((long) group)) {
                            made = IValueUtils.runMethod(block, "quantize_int4", weight, g);
                        }
                    }
                }
                try (made) {
                    pair = made.toIValueArray();
                }
                if (writer != null) {
                    // written to the cache file, then used from there: the same file-backed, droppable pages as on a
                    // warm load instead of anonymous memory
                    for (int i = 0; i < pair.length && writer != null; i++) {
                        QuantizedCache.Entry entry = write(pair[i]);
                        if (entry == null || writer == null) break;
                        IValue mapped = map(entry, writer.temporaryFile());
                        pair[i].close();
                        pair[i] = mapped;
                    }
                }
            }
            index += 2;
            boolean quantized = !isEmpty(pair[0]);
            String kind;
            if (!quantized) {
                kind = Quantization.kind(inputs);
            } else if (dtype == Dtype.INT8) {
                kind = "int8 per row";
            } else {
                kind = Quantization.kind(inputs);
            }
            counts.merge(kind, 1, Integer::sum);
            out.addAll(List.of(pair));
            return quantized;
        }

        private boolean isEmpty(IValue t) {
            try (IValue shape = IValueUtils.runMethod(block, "shape_of", t)) {
                long numel = 1;
                for (long s : shape.toLongArray()) numel *= s;
                return numel == 0;
            }
        }

        private IValue map(QuantizedCache.Entry e, Path file) {
            try (IValue path = IValue.from(file.toString());
                    IValue offset = IValue.from(e.offset());
                    IValue length = IValue.from(e.length());
                    IValue code = IValue.from((long) e.dtype());
                    IValue shape = IValue.listFrom(e.shape())) {
                if (e.length() == 0) {
                    // an empty tensor (a matrix left in bf16): nothing to map
                    try (IValue pair = IValueUtils.runMethod(block, "no_quantization")) {
                        IValue[] both = pair.toIValueArray();
                        int keep = e.dtype() == 0 ? 0 : 1;
                        both[1 - keep].close();
                        return both[keep];
                    }
                }
                return IValueUtils.runMethod(block, "map_raw", path, offset, length, code, shape);
            }
        }

        /** Writes one tensor to the cache file; null when writing failed (the cache is then abandoned). */
        private QuantizedCache.Entry write(IValue t) {
            try (NDManager scope = manager.newSubManager();
                    IValue shape = IValueUtils.runMethod(block, "shape_of", t);
                    IValue code = IValueUtils.runMethod(block, "dtype_of", t);
                    IValue raw = IValueUtils.runMethod(block, "raw_bytes", t)) {
                PtNDArray bytes = raw.toTensor((PtNDManager) scope);
                return writer.add((int) code.toLong(), shape.toLongArray(), java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            } catch (IOException e) {
                abandon(); // the cache is an optimization (e.g. the disk is full): the next load quantizes again
                return null;
            }
        }

        /** Moves a complete cache file into place (when one was being written). */
        void finish() {
            if (writer == null) return;
            try {
                writer.commit();
            } catch (IOException e) {
                // as in write()
            }
            abandon();
        }

        void abandon() {
            closeQuietly(writer);
            writer = null;
        }

        /** E.g. "int4 group 128 × 145" or "int4 group 64 × 9, bf16 (input 48 not divisible by 32) × 2". */
        String summary() {
            StringBuilder b = new StringBuilder();
            counts.forEach((kind, n) -> b.append(b.isEmpty() ? "" : ", ").append(kind).append(" × ").append(n));
            return b.toString();
        }
    }

    private static IValue newCache(PtSymbolBlock block, Qwen3Config config, Dtype dtype, int contextLength, int rows, String device) {
        try (IValue layers = IValue.from((long) config.numHiddenLayers());
                IValue rowCount = IValue.from((long) rows);
                IValue kvHeads = IValue.from((long) config.numKeyValueHeads());
                IValue capacity = IValue.from((long) contextLength);
                IValue headDim = IValue.from((long) config.headDim());
                IValue code = IValue.from((long) dtype.torchCode());
                IValue where = IValue.from(device)) {
            return IValueUtils.runMethod(block, "new_cache", layers, rowCount, kvHeads, capacity, headDim, code, where);
        }
    }

    /** Calls the TorchScript loading methods for one model's tensors. */
    private record Loader(PtSymbolBlock block, SafetensorsIndex index, Dtype dtype, String device) {

        /** A view of one safetensors tensor (as stored: bf16, f16 or f32). */
        IValue map(String name) {
            TensorInfo t = index.get(name);
            return mapRange(t.file(), t.dataOffset(), t.byteLength(), torchCode(t), t.shape());
        }

        private IValue mapRange(Path file, long offset, long length, int code, long[] shape) {
            try (IValue path = IValue.from(file.toString());
                    IValue offsetValue = IValue.from(offset);
                    IValue lengthValue = IValue.from(length);
                    IValue codeValue = IValue.from((long) code);
                    IValue shapeValue = IValue.listFrom(shape)) {
                return IValueUtils.runMethod(block, "map_tensor", path, offsetValue, lengthValue, codeValue, shapeValue);
            }
        }

        /**
         * Matrices with the same input stacked by rows ([q; k; v], [gate; up]): a view of the file when they lie
         * back to back in it with one dtype (no copy), else a copy.
         */
        IValue fused(String... names) {
            TensorInfo[] parts = new TensorInfo[names.length];
            for (int i = 0; i < names.length; i++) parts[i] = index.get(names[i]);
            boolean adjacent = true;
            long rows = 0;
            for (int i = 0; i < parts.length; i++) {
                rows += parts[i].shape()[0];
                if (i > 0) {
                    TensorInfo before = parts[i - 1];
                    adjacent &= parts[i].file().equals(before.file()) && parts[i].dtype().equals(before.dtype())
                            && parts[i].dataOffset() == before.dataOffset() + before.byteLength();
                }
            }
            if (adjacent) {
                TensorInfo first = parts[0];
                long bytes = parts[parts.length - 1].dataOffset() + parts[parts.length - 1].byteLength() - first.dataOffset();
                return mapRange(first.file(), first.dataOffset(), bytes, torchCode(first), new long[] {rows, first.shape()[1]});
            }
            IValue[] mapped = new IValue[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) mapped[i] = map(names[i]);
                try (IValue list = IValue.listFrom(mapped)) {
                    return IValueUtils.runMethod(block, "concat_rows", list);
                }
            } finally {
                for (IValue v : mapped) if (v != null) v.close();
            }
        }

        /** The list [embedding, final norm, lm_head] of the weight list. */
        IValue head(boolean tied) {
            try (IValue embedding = map("model.embed_tokens.weight");
                    IValue norm = map("model.norm.weight");
                    IValue lmHead = tied ? null : map("lm_head.weight");
                    IValue tiedValue = IValue.from(tied);
                    IValue code = IValue.from((long) dtype.torchCode());
                    IValue where = IValue.from(device)) {
                return IValueUtils.runMethod(block, "prepare_head", embedding, norm, tied ? embedding : lmHead, tiedValue, code, where);
            }
        }

        /** The 8 prepared tensors of one layer. */
        IValue layer(int layer, boolean[] need) {
            String p = "model.layers." + layer + ".";
            IValue[] entries = new IValue[8];
            try {
                entries[0] = map(p + "input_layernorm.weight");
                entries[1] = need[1] ? fused(p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight", p + "self_attn.v_proj.weight") : empty();
                entries[2] = map(p + "self_attn.q_norm.weight");
                entries[3] = map(p + "self_attn.k_norm.weight");
                entries[4] = need[4] ? map(p + "self_attn.o_proj.weight") : empty();
                entries[5] = map(p + "post_attention_layernorm.weight");
                entries[6] = need[6] ? fused(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight") : empty();
                entries[7] = need[7] ? map(p + "mlp.down_proj.weight") : empty();
                try (IValue list = IValue.listFrom(entries);
                        IValue code = IValue.from((long) dtype.torchCode());
                        IValue where = IValue.from(device)) {
                    return IValueUtils.runMethod(block, "prepare_layer", list, code, where);
                }
            } finally {
                for (IValue v : entries) if (v != null) v.close();
            }
        }

        /** An empty bf16 tensor: a layer matrix that is not kept. */
        private IValue empty() {
            try (IValue pair = IValueUtils.runMethod(block, "no_quantization")) {
                IValue[] both = pair.toIValueArray();
                both[0].close();
                return both[1];
            }
        }

        private static int torchCode(TensorInfo t) {
            return switch (t.dtype()) {
                case "BF16" -> 15;
                case "F16" -> 5;
                case "F32" -> 6;
                default -> throw new ModelLoadException("tensor " + t.name() + " in " + t.file() + " has dtype " + t.dtype()
                        + "; Inkstone reads BF16, F16 and F32 checkpoints");
            };
        }
    }

    /**
     * Runs {@code tokens[b]} (T new tokens of sequence b, all of the same length) through the network, appending
     * their keys and values to cache row {@code row + b} at positions {@code starts[b] ..}, and returns the logits
     * after each sequence's last new token.
     *
     * @return [B][V] float32 logits
     */
    float[][] forward(int[][] tokens, int[] starts, int row) {
        int batch = tokens.length;
        int count = tokens[0].length;
        if (row < 0 || row + batch > cacheRows) {
            throw new IllegalArgumentException("cache rows " + row + ".." + (row + batch - 1) + " outside 0.." + (cacheRows - 1));
        }
        long[] flat = new long[batch * count];
        long[] startPositions = new long[batch];
        for (int b = 0; b < batch; b++) {
            if (tokens[b].length != count) throw new IllegalArgumentException("all sequences of one call need the same token count");
            if (starts[b] < 0 || starts[b] + count > contextLength) {
                throw new IllegalArgumentException("positions " + starts[b] + ".." + (starts[b] + count - 1) + " exceed the context of "
                        + contextLength);
            }
            startPositions[b] = starts[b];
            for (int t = 0; t < count; t++) {
                int id = tokens[b][t];
                if (id < 0 || id >= config.vocabSize()) throw new IllegalArgumentException("token id " + id + " outside the vocabulary");
                flat[b * count + t] = id;
            }
        }
        int end = 0;
        for (int b = 0; b < batch; b++) end = Math.max(end, starts[b] + count);
        ensureCapacity(end);
        TorchEnvironment.prepareThread();
        try (NDManager call = manager.newSubManager()) {
            PtNDArray tokenArray = (PtNDArray) call.create(flat, new Shape(batch, count));
            PtNDArray startArray = (PtNDArray) call.create(startPositions, new Shape(batch));
            try (IValue tokenValue = IValue.from(tokenArray);
                    IValue startValue = IValue.from(startArray);
                    IValue rowValue = IValue.from((long) row);
                    IValue heads = IValue.from((long) config.numAttentionHeads());
                    IValue kvHeads = IValue.from((long) config.numKeyValueHeads());
                    IValue eps = IValue.from(config.rmsNormEps());
                    IValue out = IValueUtils.runMethod(block, "forward", weights, quantized, cache, rope, tokenValue, startValue, rowValue, heads,
                            kvHeads, eps)) {
                float[] logits = out.toTensor((PtNDManager) call).toFloatArray(); // [B * V]
                if (batch == 1) return new float[][] {logits};
                int vocab = config.vocabSize();
                float[][] result = new float[batch][];
                for (int b = 0; b < batch; b++) result[b] = java.util.Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab);
                return result;
            }
        }
    }

    /**
     * Exchanges the keys and values that cache rows {@code a} and {@code b} hold at positions 0 .. {@code length}-1
     * (the batch scheduler keeps running sequences in the first rows).
     */
    void swapRows(int a, int b, int length) {
        if (a == b) return;
        if (a < 0 || b < 0 || a >= cacheRows || b >= cacheRows) {
            throw new IllegalArgumentException("cache rows " + a + " and " + b + " outside 0.." + (cacheRows - 1));
        }
        int positions = Math.min(length, capacity);
        if (positions <= 0) return;
        TorchEnvironment.prepareThread();
        try (IValue first = IValue.from((long) a);
                IValue second = IValue.from((long) b);
                IValue count = IValue.from((long) positions);
                IValue out = IValueUtils.runMethod(block, "swap_rows", cache, first, second, count)) {
            // swapped in place
        }
    }

    /** Makes the cache hold at least {@code rows} sequences (a new, zeroed cache when it grows). */
    void ensureCacheRows(int rows) {
        if (rows <= cacheRows) return;
        IValue bigger = newCache(block, config, dtype, capacity, rows, device);
        cache.close();
        cache = bigger;
        cacheRows = rows;
    }

    /**
     * Grows the KV cache (keeping what it holds) so that it holds {@code positions} positions: to the next power of
     * two times {@value #INITIAL_CAPACITY}, at most the context length.
     */
    void ensureCapacity(int positions) {
        if (positions <= capacity) return;
        int grown = capacity;
        while (grown < positions) grown = (int) Math.min((long) grown * 2, contextLength);
        resize(grown);
    }

    /**
     * Grows the KV cache to {@code positions} rounded up to 256 (at most the context length) when it holds fewer: one
     * allocation for a generation whose length is known, instead of doublings.
     */
    void reserveCapacity(int positions) {
        if (positions <= capacity) return;
        resize((int) Math.min(contextLength, (positions + 255L) / 256 * 256));
    }

    private void resize(int grown) {
        try (IValue size = IValue.from((long) grown)) {
            IValue bigger = IValueUtils.runMethod(block, "grow_cache", cache, size);
            cache.close();
            cache = bigger;
        }
        capacity = grown;
    }

    /**
     * The SDPA kernel libtorch chooses for attention of these shapes (0 = math, 1 = flash attention), with query
     * heads folded into the query length as {@code attention()} does, or with {@code enable_gqa=True}.
     */
    int attentionKernel(int count, int attend, boolean folded, boolean masked) {
        try (IValue heads = IValue.from((long) config.numAttentionHeads());
                IValue kvHeads = IValue.from((long) config.numKeyValueHeads());
                IValue countValue = IValue.from((long) count);
                IValue attendValue = IValue.from((long) attend);
                IValue headDim = IValue.from((long) config.headDim());
                IValue foldedValue = IValue.from(folded);
                IValue maskedValue = IValue.from(masked);
                IValue choice = IValueUtils.runMethod(block, "attention_kernel", heads, kvHeads, countValue, attendValue, headDim, foldedValue,
                        maskedValue)) {
            return (int) choice.toLong();
        }
    }

    /** Positions the KV cache holds now. */
    int capacity() {
        return capacity;
    }

    /** What quantization did ("int4 group 128 × 145"), or empty. */
    String quantization() {
        return quantization;
    }

    /** True when prompt chunks read bf16 weights in a quantized dtype. */
    boolean bf16Prefill() {
        return bf16Prefill;
    }

    /** True when the quantized weights were mapped from the on-disk cache. */
    boolean fromCache() {
        return fromCache;
    }

    /** The bytes of every quantized tensor, in list order (tests: the cache reloads identical weights). */
    List<byte[]> quantizedBytes() {
        List<byte[]> out = new ArrayList<>();
        try (NDManager scope = manager.newSubManager()) {
            for (IValue t : quantized.toIValueArray()) {
                try (t; IValue raw = IValueUtils.runMethod(block, "raw_bytes", t)) {
                    out.add(raw.toTensor((PtNDManager) scope).toByteArray());
                }
            }
        }
        return out;
    }

    int cacheRows() {
        return cacheRows;
    }

    int contextLength() {
        return contextLength;
    }

    Dtype dtype() {
        return dtype;
    }

    /** "cpu" or "cuda:N". */
    String device() {
        return device;
    }

    @Override
    public void close() {
        cache.close();
        rope.close();
        quantized.close();
        weights.close();
        model.close();
    }

    private static String lastErrorLine(String message) {
        if (message == null) return "unknown error";
        String trimmed = message.strip();
        // TorchScript errors end with the RuntimeError line; that is the informative one
        String[] lines = trimmed.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].contains("Error:")) return lines[i].strip();
        }
        return lines[0];
    }
}
