package io.inkstone.llm.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The quantized weights of one model in one format, kept on disk so that the next load maps them instead of
 * quantizing again. One file per (model files, format): {@code <cache>/quantized/<folder>-<key>-<format>.bin}, where the
 * key hashes every weight file's absolute path, size and modification time and the quantization scheme's
 * version, so a changed model never reads stale weights.
 *
 * <p>File layout: the 8 bytes {@code INKQNT01}, a little-endian int64 header length, a UTF-8 JSON header
 * ({@code {"tensors": [{"dtype": ScalarType, "shape": [...], "offset": bytes, "length": bytes}, ...]}}), then each
 * tensor's raw bytes at a 4096-aligned offset (so that each maps page-aligned). Written to a temporary file and
 * moved into place, so a crash leaves no half-written cache.
 */
final class QuantizedCache {

    /** Bump when the quantization scheme or the layout changes: old files are then ignored. */
    static final int SCHEME_VERSION = 1;
    private static final byte[] MAGIC = "INKQNT01".getBytes(StandardCharsets.US_ASCII);
    private static final int ALIGN = 4096;

    /** One tensor in the file. */
    record Entry(int dtype, long[] shape, long offset, long length) {}

    private QuantizedCache() {}

    /** The cache file for these weight files in {@code format}. */
    static Path file(Path cacheDir, List<Path> weightFiles, String format) {
        String folder = weightFiles.get(0).toAbsolutePath().getParent().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return cacheDir.resolve("quantized").resolve(folder + "-" + key(weightFiles, format) + "-" + format + ".bin");
    }

    static String key(List<Path> weightFiles, String format) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("scheme " + SCHEME_VERSION + " " + format + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path f : weightFiles) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                digest.update((f.toAbsolutePath().normalize() + " " + a.size() + " " + a.lastModifiedTime().toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of a complete cache file, or null when it is missing or unreadable (then the weights are quantized again). */
    static List<Entry> read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(head, 0) != 16) return null;
            head.flip();
            byte[] magic = new byte[8];
            head.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) return null;
            long headerLength = head.getLong();
            if (headerLength <= 0 || headerLength > (64L << 20)) return null;
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, 16);
            JsonNode root = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
            List<Entry> entries = new ArrayList<>();
            long size = channel.size();
            for (JsonNode t : root.get("tensors")) {
                JsonNode shapeNode = t.get("shape");
                long[] shape = new long[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong();
                Entry e = new Entry(t.get("dtype").asInt(), shape, t.get("offset").asLong(), t.get("length").asLong());
                if (e.offset() + e.length() > size) return null; // truncated
                entries.add(e);
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Streams tensors into a temporary file beside the cache file; {@link #commit} writes the header and moves the
     * file into place, {@link #close} without commit deletes it.
     */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final Path temporary;
        private final FileChannel channel;
        private final long headerRoom;
        private final ObjectNode root;
        private final ArrayNode tensors;
        private long offset;
        private boolean committed;

        Writer(Path file, int tensorCount) throws IOException {
            this.file = file;
            Files.createDirectories(file.getParent());
            this.temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.headerRoom = ALIGN * (1 + (tensorCount * 128L) / ALIGN);
            this.root = new ObjectMapper().createObjectNode();
            this.tensors = root.putArray("tensors");
            this.offset = 16 + headerRoom;
        }

        /** Appends a tensor; returns where it lies in {@link #temporaryFile()} (which becomes the cache file on commit). */
        Entry add(int dtype, long[] shape, ByteBuffer bytes) throws IOException {
            offset = (offset + ALIGN - 1) / ALIGN * ALIGN;
            ObjectNode t = tensors.addObject();
            t.put("dtype", dtype);
            ArrayNode shapeNode = t.putArray("shape");
            for (long s : shape) shapeNode.add(s);
            t.put("offset", offset);
            t.put("length", bytes.remaining());
            long length = bytes.remaining();
            writeFully(channel, bytes, offset);
            Entry entry = new Entry(dtype, shape, offset, length);
            offset += length;
            return entry;
        }

        /** The file being written (mappings of it stay valid when it is moved into place). */
        Path temporaryFile() {
            return temporary;
        }

        void commit() throws IOException {
            byte[] header = new ObjectMapper().writeValueAsBytes(root);
            if (header.length > headerRoom) throw new IOException("quantized cache header too large");
            ByteBuffer start = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            start.put(MAGIC).putLong(header.length).flip();
            writeFully(channel, ByteBuffer.wrap(header), 16);
            writeFully(channel, start, 0);
            channel.force(true);
            channel.close();
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) channel.close();
            if (!committed) Files.deleteIfExists(temporary);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
    }
}
