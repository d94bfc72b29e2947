package io.inkstone.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes a file through a temporary file in the same folder and an atomic move, so readers see the old file or the
 * complete new one, never a partial or empty one. The temporary file is created with the usual permissions
 * (the process umask, like any new file), not the 0600 of {@code Files.createTempFile}.
 */
final class AtomicFile {
    private AtomicFile() {}

    /** Writes the content into the file it is given (which exists, empty, and ends with the target's extension). */
    @FunctionalInterface
    interface Writer {
        void writeTo(Path temporaryFile) throws IOException;
    }

    /**
     * Writes {@code target} (replacing an earlier version) by running {@code writer} on a temporary file.
     *
     * @throws IOException from the writer or the move; the temporary file is removed and the target is untouched
     */
    static void write(Path target, Writer writer) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot);
        Path temporary = folder.resolve("." + name + "." + UUID.randomUUID().toString().substring(0, 8) + ".part" + extension);
        try {
            Files.createFile(temporary);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file " + temporary + " already exists; remove it", e);
        }
        boolean moved = false;
        try {
            writer.writeTo(temporary);
            if (Files.size(temporary) == 0) throw new IOException("the export produced an empty file");
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
}
