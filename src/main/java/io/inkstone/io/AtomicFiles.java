package io.inkstone.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The one temp-then-rename helper. Files are written to a hidden temporary file in the target's folder (so the
 * rename stays on one file system), synced, then moved: readers see the old file or the complete new one, never a
 * partial or empty one. Temporary files get the usual permissions (the process umask, like any new file), not the
 * 0600 of {@code Files.createTempFile}, and are removed when anything fails.
 *
 * <p>This package sits below every other Inkstone package and imports none of them, so each stage (compose, export,
 * vault, pipeline) can use it without bending the one-way layering.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes the content into the file it is given (which exists, empty, and ends with the target's extension). */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporaryFile) throws IOException;
    }

    /**
     * Writes {@code target} (replacing an earlier version) by running {@code writer} on a temporary file beside it.
     *
     * @throws IOException from the writer or the move; the temporary file is removed and the target is untouched
     */
    public static void replace(Path target, Writer writer) throws IOException {
        Path temporary = newTemporaryBeside(target);
        boolean moved = false;
        try {
            writer.writeTo(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code content} to {@code target} atomically (replacing an earlier version). */
    public static void replace(Path target, byte[] content) throws IOException {
        replace(target, temporary -> writeAll(temporary, content));
    }

    /** Writes {@code text} as UTF-8 to {@code target} atomically (replacing an earlier version). */
    public static void replace(Path target, String text) throws IOException {
        replace(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new, empty, hidden temporary file in {@code target}'s folder, ending with {@code target}'s extension (some
     * writers pick the format from it). The caller moves or deletes it.
     */
    public static Path newTemporaryBeside(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot <= 0 ? "" : name.substring(dot);
        return Files.createFile(folder.resolve(".inkstone-" + UUID.randomUUID() + ".part" + extension));
    }

    /** Writes {@code content} into an existing file and syncs it to disk. */
    public static void writeAll(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        }
    }
}
