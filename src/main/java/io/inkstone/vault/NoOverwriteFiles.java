package io.inkstone.vault;

import io.inkstone.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * File operations that never replace an existing file: when {@code dir/stem.ext} is taken they use
 * {@code dir/stem (2).ext}, {@code dir/stem (3).ext}, ... Writes are atomic: the content is written and synced
 * to a hidden temporary file first and then linked into place, so a crash never leaves a half file under the
 * final name.
 */
public final class NoOverwriteFiles {

    /** Give up after this many taken names (something is wrong with the folder). */
    static final int MAX_SUFFIX = 9999;

    private NoOverwriteFiles() {}

    /** {@code stem.ext} for n = 1, {@code stem (n).ext} after; {@code extension} without the dot, "" for none. */
    public static String fileName(String stem, String extension, int n) {
        String base = n == 1 ? stem : stem + " (" + n + ")";
        return extension.isEmpty() ? base : base + "." + extension;
    }

    /** The first of {@code stem.ext}, {@code stem (2).ext}, ... that does not exist in {@code dir}. */
    public static Path firstFree(Path dir, String stem, String extension) throws IOException {
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            Path candidate = dir.resolve(fileName(stem, extension, n));
            if (Files.notExists(candidate)) return candidate;
        }
        throw tooMany(dir, stem, extension);
    }

    /**
     * Writes {@code content} as a new file {@code dir/stem.ext} (or the first free suffixed name), creating
     * {@code dir} when needed. Returns the path written.
     */
    public static Path writeNew(Path dir, String stem, String extension, byte[] content) throws IOException {
        Files.createDirectories(dir);
        Path temporary = writeTemporary(dir, content);
        try {
            for (int n = 1; n <= MAX_SUFFIX; n++) {
                Path target = dir.resolve(fileName(stem, extension, n));
                if (place(temporary, target)) return target;
            }
            throw tooMany(dir, stem, extension);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes {@code content} atomically as exactly {@code target}; throws {@link FileAlreadyExistsException} when it exists. */
    public static void writeNew(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = writeTemporary(target.getParent(), content);
        try {
            if (!place(temporary, target)) throw new FileAlreadyExistsException(target.toString());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Moves {@code source} to {@code dir/stem.ext} (or the first free suffixed name), creating {@code dir} when
     * needed; never replaces a file. Returns the new path.
     */
    public static Path moveNew(Path source, Path dir, String stem, String extension) throws IOException {
        Files.createDirectories(dir);
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            Path target = dir.resolve(fileName(stem, extension, n));
            if (Files.exists(target)) continue;
            try {
                return Files.move(source, target); // no REPLACE_EXISTING: fails if the name was taken meanwhile
            } catch (FileAlreadyExistsException taken) {
                // someone took the name between the check and the move: try the next one
            }
        }
        throw tooMany(dir, stem, extension);
    }

    /** Moves {@code source} into {@code dir} keeping its file name (suffixed when taken). */
    public static Path moveNew(Path source, Path dir) throws IOException {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? moveNew(source, dir, name.substring(0, dot), name.substring(dot + 1)) : moveNew(source, dir, name, "");
    }

    /** A hidden, synced temporary file in {@code dir} holding {@code content}. */
    private static Path writeTemporary(Path dir, byte[] content) throws IOException {
        Path temporary = AtomicFiles.newTemporaryBeside(dir.resolve("note.tmp"));
        try {
            AtomicFiles.writeAll(temporary, content);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /**
     * Puts the finished temporary file in place as {@code target} unless that exists: a hard link fails atomically
     * when the name is taken; on file systems without hard links (FAT, some network shares) a rename without
     * replacing is used. Returns false when {@code target} is taken.
     */
    private static boolean place(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            if (Files.exists(target)) return false;
            try {
                Files.move(temporary, target);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    private static IOException tooMany(Path dir, String stem, String extension) {
        return new IOException("more than " + MAX_SUFFIX + " files named like '" + fileName(stem, extension, 1) + "' in " + dir
                + ": clean up that folder");
    }
}
