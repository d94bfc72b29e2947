package io.inkstone.llm.qwen3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes BF16 safetensors files (the format {@link SafetensorsIndex} reads): plans the shards, writes each header and
 * streams the tensors' data from an {@link Elements} source, and makes the index of a sharded checkpoint. Knows
 * nothing of where the numbers come from.
 */
final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SafetensorsWriter() {}

    /** The data of a tensor: elements {@code first .. first+count-1} (row-major) as little-endian bf16. */
    @FunctionalInterface
    interface Elements {
        ByteBuffer block(Qwen3Config.ExpectedTensor tensor, long first, int count);
    }

    /** Told how many bytes of data are written, of how many. */
    @FunctionalInterface
    interface Progress {
        void written(long done, long total);
    }

    /** One safetensors file to write: its tensors and their data offsets relative to the data section. */
    record Shard(String fileName, List<Qwen3Config.ExpectedTensor> tensors, long[] offsets, long dataBytes) {}

    /** Groups tensors, in order, into shards of at most {@code maxShardBytes} (a bigger tensor gets its own). */
    static List<Shard> plan(List<Qwen3Config.ExpectedTensor> tensors, long maxShardBytes) {
        List<List<Qwen3Config.ExpectedTensor>> groups = new ArrayList<>();
        List<Qwen3Config.ExpectedTensor> current = new ArrayList<>();
        long bytes = 0;
        for (Qwen3Config.ExpectedTensor t : tensors) {
            long size = t.numel() * 2;
            if (!current.isEmpty() && bytes + size > maxShardBytes) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        groups.add(current);
        List<Shard> shards = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<Qwen3Config.ExpectedTensor> g = groups.get(i);
            String name = groups.size() == 1 ? SafetensorsIndex.SINGLE_FILE
                    : String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, groups.size());
            long[] offsets = new long[g.size()];
            long offset = 0;
            for (int k = 0; k < g.size(); k++) {
                offsets[k] = offset;
                offset += g.get(k).numel() * 2;
            }
            shards.add(new Shard(name, g, offsets, offset));
        }
        return shards;
    }

    /**
     * The safetensors header: compact JSON in tensor order, {@code __metadata__} last, padded with spaces to a multiple
     * of 8 bytes (byte for byte the reference generator's file).
     */
    static byte[] header(List<Qwen3Config.ExpectedTensor> tensors, long[] offsets) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < tensors.size(); i++) {
            Qwen3Config.ExpectedTensor t = tensors.get(i);
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", "BF16");
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offsets[i]).add(offsets[i] + t.numel() * 2);
        }
        root.putObject("__metadata__").put("format", "pt");
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    /**
     * Writes one shard into {@code file}: the header, then every tensor's elements in blocks of {@code blockElements},
     * made on {@code pool} (at most 2 × {@code threads} blocks in flight) and written in order.
     *
     * @param done  bytes written so far over all shards (updated)
     * @param total bytes of all shards' data
     */
    static void write(Shard shard, Path file, Elements elements, int blockElements, ExecutorService pool, int threads,
                      long[] done, long total, Progress progress) throws IOException {
        byte[] header = header(shard.tensors(), shard.offsets());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).flip();
            writeFully(ch, prefix);
            ArrayDeque<Future<ByteBuffer>> window = new ArrayDeque<>();
            int maxInFlight = 2 * threads;
            for (Qwen3Config.ExpectedTensor t : shard.tensors()) {
                long numel = t.numel();
                for (long first = 0; first < numel; first += blockElements) {
                    long start = first;
                    int count = (int) Math.min(blockElements, numel - first);
                    window.add(pool.submit(() -> elements.block(t, start, count)));
                    if (window.size() >= maxInFlight) done[0] += writeNext(ch, window, done[0], total, progress);
                }
            }
            while (!window.isEmpty()) done[0] += writeNext(ch, window, done[0], total, progress);
            ch.force(false);
        }
    }

    private static int writeNext(FileChannel ch, ArrayDeque<Future<ByteBuffer>> window, long doneBefore, long total,
            Progress progress) throws IOException {
        ByteBuffer block;
        try {
            block = window.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing weights", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("weight generation failed", e.getCause());
        }
        int n = block.remaining();
        writeFully(ch, block);
        progress.written(doneBefore + n, total);
        return n;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) ch.write(buffer);
    }

    /** {@code model.safetensors.index.json} for these shards. */
    static byte[] indexJson(List<Shard> shards) throws JsonProcessingException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        long total = 0;
        for (Shard s : shards) total += s.dataBytes();
        root.putObject("metadata").put("total_size", total);
        ObjectNode map = root.putObject("weight_map");
        for (Shard s : shards) for (Qwen3Config.ExpectedTensor t : s.tensors()) map.put(t.name(), s.fileName());
        return JSON.writeValueAsBytes(root);
    }
}
