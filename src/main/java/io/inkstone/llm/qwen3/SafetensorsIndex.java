package io.inkstone.llm.qwen3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensor directory of a Hugging Face model folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Only the headers are read (an 8-byte little-endian length, then that
 * many bytes of JSON, read with a bounded read); tensor data stays on disk, to be memory-mapped by whoever
 * computes with it. Every header is validated: a sane length, valid JSON, known dtypes, data ranges inside the
 * file, consistent with dtype × shape, and not overlapping. A failure is a {@link ModelLoadException} naming
 * the file and the problem.
 */
public final class SafetensorsIndex {

    /** The weights file of an unsharded checkpoint. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The shard index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** Headers larger than this are treated as corrupt (real headers are a few hundred KB at most). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<Path> files;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsIndex(List<Path> files, Map<String, TensorInfo> tensors) {
        this.files = List.copyOf(files);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Opens the weights of a model folder: {@code model.safetensors.index.json} with its shards when present,
     * else {@code model.safetensors}.
     *
     * @throws ModelLoadException when no weights are there, a shard is missing, or a header is corrupt
     */
    public static SafetensorsIndex open(Path modelDir) {
        Path index = modelDir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) return openSharded(modelDir, index);
        Path single = modelDir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) return openFile(single);
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException("model folder " + modelDir + " does not exist: pass the folder of a Hugging Face "
                    + "Qwen3 checkpoint (config.json, model.safetensors, tokenizer.json), or create one with 'inkstone model synth'");
        }
        throw new ModelLoadException("no weights in " + modelDir + ": expected " + SINGLE_FILE + " or " + INDEX_FILE
                + " with its shards (a Hugging Face model folder); download all files of the checkpoint");
    }

    /** Opens one safetensors file on its own. */
    public static SafetensorsIndex openFile(Path file) {
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo t : readHeader(file)) tensors.put(t.name(), t);
        return new SafetensorsIndex(List.of(file), tensors);
    }

    private static SafetensorsIndex openSharded(Path modelDir, Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(index + " is not valid JSON (" + e.getOriginalMessage()
                    + "): download it again from the checkpoint", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + index + ": " + e.getMessage(), e);
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new ModelLoadException(index + " has no \"weight_map\" object naming the shard of each tensor: "
                    + "download it again from the checkpoint");
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        Set<String> shardNames = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            if (!e.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
                throw new ModelLoadException(index + ": weight_map entry for " + e.getKey() + " must be a file name in the same "
                        + "folder, got " + e.getValue());
            }
            shardOf.put(e.getKey(), shard);
            shardNames.add(shard);
        }
        List<String> missing = shardNames.stream().filter(s -> !Files.isRegularFile(modelDir.resolve(s))).toList();
        if (!missing.isEmpty()) {
            throw new ModelLoadException(modelDir + " lacks " + missing.size() + " of the " + shardNames.size() + " shards listed in "
                    + INDEX_FILE + ": " + String.join(", ", missing) + "; download every shard of the checkpoint into this folder");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        for (String shard : shardNames) {
            Path file = modelDir.resolve(shard);
            files.add(file);
            for (TensorInfo t : readHeader(file)) {
                if (tensors.putIfAbsent(t.name(), t) != null) {
                    throw new ModelLoadException("tensor " + t.name() + " is stored twice, in " + tensors.get(t.name()).file().getFileName()
                            + " and " + shard + ": the shards come from different checkpoints; download them again");
                }
            }
        }
        for (Map.Entry<String, String> e : shardOf.entrySet()) {
            TensorInfo t = tensors.get(e.getKey());
            if (t == null || !t.file().getFileName().toString().equals(e.getValue())) {
                throw new ModelLoadException(INDEX_FILE + " says " + e.getKey() + " is in " + e.getValue() + ", but "
                        + (t == null ? "no shard holds it" : "it is in " + t.file().getFileName())
                        + ": the index and the shards come from different downloads; download the checkpoint again");
            }
        }
        return new SafetensorsIndex(files, tensors);
    }

    /** Reads and validates the header of one safetensors file; tensors come back in data order. */
    static List<TensorInfo> readHeader(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 8) throw corrupt(file, "it has " + fileSize + " bytes, fewer than the 8-byte header length");
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw corrupt(file, "its header length field says " + Long.toUnsignedString(headerLength) + " bytes (a header is 1 to "
                        + MAX_HEADER_BYTES + " bytes)");
            }
            if (8 + headerLength > fileSize) {
                throw corrupt(file, "its header length field says " + headerLength + " bytes but the file has only " + fileSize
                        + " bytes (truncated download?)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            long dataStart = 8 + headerLength;
            return parseHeader(file, new String(header.array(), StandardCharsets.UTF_8), dataStart, fileSize - dataStart);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("weights file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read weights file " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<TensorInfo> parseHeader(Path file, String headerJson, long dataStart, long dataBytes) {
        JsonNode root;
        try {
            root = JSON.readTree(headerJson);
        } catch (JsonProcessingException e) {
            throw corrupt(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) throw corrupt(file, "its header is not a JSON object");
        List<TensorInfo> out = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>(); // [begin, end, index into out]
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) continue;
            JsonNode entry = e.getValue();
            JsonNode dtypeNode = entry.get("dtype");
            JsonNode shapeNode = entry.get("shape");
            JsonNode offsets = entry.get("data_offsets");
            if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
                    || offsets == null || !offsets.isArray() || offsets.size() != 2) {
                throw corrupt(file, "header entry " + name + " needs \"dtype\", \"shape\" and \"data_offsets\" [begin, end], got " + entry);
            }
            String dtype = dtypeNode.asText();
            int elementBytes = bytesPerElementOrZero(dtype);
            if (elementBytes == 0) throw corrupt(file, "tensor " + name + " has unknown dtype " + dtype);
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.canConvertToExactIntegral() || d.asLong() < 0) throw corrupt(file, "tensor " + name + " has a bad shape " + shapeNode);
                shape[i] = d.asLong();
            }
            if (!offsets.get(0).canConvertToExactIntegral() || !offsets.get(1).canConvertToExactIntegral()) {
                throw corrupt(file, "tensor " + name + " has non-integer data_offsets " + offsets);
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (begin < 0 || end < begin) throw corrupt(file, "tensor " + name + " has data_offsets " + offsets + " (need 0 <= begin <= end)");
            if (end > dataBytes) {
                throw corrupt(file, "tensor " + name + " ends at data byte " + end + " but the file holds only " + dataBytes
                        + " data bytes (truncated download?)");
            }
            long expected;
            try {
                expected = Math.multiplyExact(TensorInfo.numel(shape), elementBytes);
            } catch (ArithmeticException overflow) {
                throw corrupt(file, "tensor " + name + " has an impossible shape " + shapeNode);
            }
            if (end - begin != expected) {
                throw corrupt(file, "tensor " + name + " is " + dtype + shapeNode + " = " + expected + " bytes, but its data_offsets span "
                        + (end - begin) + " bytes");
            }
            ranges.add(new long[] {begin, end, out.size()});
            out.add(new TensorInfo(name, dtype, shape, file, dataStart + begin, end - begin));
        }
        ranges.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
        for (int i = 1; i < ranges.size(); i++) {
            long[] previous = ranges.get(i - 1);
            long[] current = ranges.get(i);
            if (current[0] < previous[1]) {
                throw corrupt(file, "tensors " + out.get((int) previous[2]).name() + " and " + out.get((int) current[2]).name()
                        + " overlap in the file");
            }
        }
        List<TensorInfo> inDataOrder = new ArrayList<>(out.size());
        for (long[] r : ranges) inDataOrder.add(out.get((int) r[2]));
        return inDataOrder;
    }

    private static ModelLoadException corrupt(Path file, String what) {
        return new ModelLoadException("corrupt safetensors file " + file + ": " + what + "; download or generate it again");
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, p);
            if (n < 0) throw new IOException("unexpected end of file at byte " + p);
            p += n;
        }
    }

    /** Bytes per element of a safetensors dtype name. */
    static int bytesPerElement(String dtype) {
        int n = bytesPerElementOrZero(dtype);
        if (n == 0) throw new IllegalArgumentException("unknown safetensors dtype " + dtype);
        return n;
    }

    private static int bytesPerElementOrZero(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3" -> 1;
            case "I16", "U16", "F16", "BF16" -> 2;
            case "I32", "U32", "F32" -> 4;
            case "I64", "U64", "F64" -> 8;
            default -> 0;
        };
    }

    /** All tensors by name, in file order (shard by shard). */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws ModelLoadException when the weights have no such tensor
     */
    public TensorInfo get(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new ModelLoadException("the weights (" + describeFiles() + ") have no tensor " + name
                    + ": the checkpoint is incomplete or does not match config.json");
        }
        return t;
    }

    /** True when a tensor called {@code name} exists. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The safetensors files, in shard order. */
    public List<Path> files() {
        return files;
    }

    /** Total bytes of tensor data over all files (the weights size on disk, headers excluded). */
    public long totalDataBytes() {
        long total = 0;
        for (TensorInfo t : tensors.values()) total += t.byteLength();
        return total;
    }

    /** The distinct dtypes of the tensors, sorted. */
    public Set<String> dtypes() {
        Set<String> out = new TreeSet<>();
        for (TensorInfo t : tensors.values()) out.add(t.dtype());
        return out;
    }

    /**
     * Maps the data of one tensor read-only, little-endian; nothing is copied into the heap. For tensors up to
     * 2 GiB (every Qwen3 tensor up to 8B parameters).
     */
    public MappedByteBuffer map(String name) throws IOException {
        TensorInfo t = get(name);
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new IOException("tensor " + name + " has " + t.byteLength() + " bytes, more than one buffer can map (2 GiB)");
        }
        try (FileChannel ch = FileChannel.open(t.file(), StandardOpenOption.READ)) {
            MappedByteBuffer buffer = ch.map(FileChannel.MapMode.READ_ONLY, t.dataOffset(), t.byteLength());
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            return buffer;
        }
    }

    private String describeFiles() {
        return files.size() == 1 ? files.get(0).toString() : files.size() + " shards in " + files.get(0).getParent();
    }
}
