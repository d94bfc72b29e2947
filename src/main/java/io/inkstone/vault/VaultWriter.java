package io.inkstone.vault;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ReservedProperties;
import io.inkstone.export.ExportResult;
import io.inkstone.render.FrontMatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files finished notes in an Obsidian vault: {@code <vault>/<folder>/<pattern>.md} with Obsidian properties, the
 * exports (made beforehand into a staging folder) moved into the attachments folder and embedded at the end of the
 * note. The note is written last, atomically, and never replaces a file (a taken name gets " (2)", " (3)", ...), so
 * it is only ever seen complete with its attachments; when filing fails, the attachments moved so far are removed.
 */
public final class VaultWriter {

    private final VaultSettings settings;

    public VaultWriter(VaultSettings settings) {
        this.settings = settings;
    }

    /** Moves the draft's exports into the attachments folder and writes the note; returns where they landed. */
    public WrittenNote file(NoteDraft draft) throws IOException {
        Brief brief = draft.brief();
        Path folder = contained(settings.folder(brief.vault().folder() != null ? brief.vault().folder() : settings.defaultFolder()));
        String stem = stemOf(NoOverwriteFiles.firstFree(folder,
                settings.naming().stem(brief.title(), brief.id(), brief.type().yamlName(), draft.created().toLocalDateTime()), "md"));
        FrontMatter note = draft.note();
        List<Attachment> attachments = new ArrayList<>();
        try {
            if (!draft.exports().isEmpty()) {
                Path attachmentsDir = contained(settings.folder(settings.attachmentsFolder()));
                Map<String, String> engines = new LinkedHashMap<>();
                Path record = draft.exports().getFirst().file().toAbsolutePath().getParent().resolve(FILING_RECORD);
                record(record, "note", folder.resolve(stem + ".md"), -1, -1);
                for (ExportResult exported : draft.exports()) {
                    Path placed = moveRecorded(exported.file(), attachmentsDir, stem, exported.format().extension(), record);
                    attachments.add(new Attachment(exported.format(), placed, exported.engine()));
                    engines.put(exported.format().extension(), exported.engine());
                }
                note = note.with(ReservedProperties.EXPORTS, engines).append(embeds(attachments));
            }
            Path written = folder.resolve(stem + ".md");
            if (draft.exports().isEmpty()) {
                written = NoOverwriteFiles.writeNew(folder, stem, "md", note.text().getBytes(StandardCharsets.UTF_8));
            } else {
                // exactly the name in the filing record (taken meanwhile: this filing fails, its attachments go)
                NoOverwriteFiles.writeNew(written, note.text().getBytes(StandardCharsets.UTF_8));
            }
            return new WrittenNote(written, attachments);
        } catch (IOException | RuntimeException e) {
            for (Attachment a : attachments) Files.deleteIfExists(a.file());
            throw e;
        }
    }

    /**
     * Creates {@code dir} inside the vault one folder at a time and checks it by its real path: a folder that is a
     * symbolic link leading out of the vault is refused (nothing is written through it), never followed.
     */
    Path contained(Path dir) throws IOException {
        Path root = settings.root();
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path current = root;
        for (Path segment : root.relativize(dir)) {
            if (segment.toString().isEmpty()) continue;
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                Path real;
                try {
                    real = current.toRealPath();
                } catch (IOException e) {
                    throw new IOException("the vault folder " + current + " is a symbolic link that leads nowhere; "
                            + "remove it or point it at a folder inside the vault", e);
                }
                if (!real.startsWith(realRoot)) {
                    throw new IOException("the vault folder " + current + " is a symbolic link to " + real
                            + ", outside the vault " + realRoot + "; Inkstone writes only inside the vault (remove the link "
                            + "or choose another folder)");
                }
            } else if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(current);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // made meanwhile: checked below
                }
            }
        }
        Path real = dir.toRealPath();
        if (!real.startsWith(realRoot) || !Files.isDirectory(real)) {
            throw new IOException("the vault folder " + dir + " is not a folder inside the vault " + realRoot);
        }
        return dir;
    }

    /** In a staging folder: what filing it is about to do (the note's path, each attachment's path, size and time). */
    static final String FILING_RECORD = "filing.tsv";

    /** Moves an export into the attachments folder under a free name, recording the name before the move. */
    private static Path moveRecorded(Path source, Path dir, String stem, String extension, Path record) throws IOException {
        long size = Files.size(source);
        long modified = Files.getLastModifiedTime(source).toMillis();
        for (int n = 1; n <= NoOverwriteFiles.MAX_SUFFIX; n++) {
            Path target = dir.resolve(NoOverwriteFiles.fileName(stem, extension, n));
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) continue;
            record(record, "attachment", target, size, modified);
            try {
                return Files.move(source, target); // never replaces
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // taken meanwhile: the next name
            }
        }
        throw new IOException("too many files named like " + stem + "." + extension + " in " + dir);
    }

    private static void record(Path record, String kind, Path path, long size, long modified) throws IOException {
        byte[] line = (kind + "\t" + size + "\t" + modified + "\t" + path.toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(record,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        }
    }

    /**
     * Removes the attachments of a filing that a kill interrupted: its record names a note that was never written,
     * so the attachments it moved are orphans. Only a file with the recorded size and modification time is removed
     * (one that is not exactly what Inkstone moved there is left alone). Returns how many went.
     */
    private static int removeOrphans(Path stagingFolder) {
        Path record = stagingFolder.resolve(FILING_RECORD);
        if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) return 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return 0;
        }
        Path note = null;
        List<String[]> attachments = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", 4);
            if (f.length < 4) continue; // a line torn by the kill
            if (f[0].equals("note")) note = Path.of(f[3]);
            else if (f[0].equals("attachment")) attachments.add(f);
        }
        if (note == null || Files.exists(note, LinkOption.NOFOLLOW_LINKS)) return 0;
        int removed = 0;
        for (String[] f : attachments) {
            Path file = Path.of(f[3]);
            try {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == Long.parseLong(f[1])
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() == Long.parseLong(f[2])) {
                    Files.delete(file);
                    removed++;
                    org.slf4j.LoggerFactory.getLogger("inkstone").info("removed orphan attachment " + file
                            + " (its note " + note.getFileName() + " was never written: the run was killed while filing)");
                }
            } catch (IOException | NumberFormatException e) {
                // left alone
            }
        }
        return removed;
    }

    /**
     * Removes staging folders ({@code <vault>/.inkstone/staging/*}) left by a run that was killed while exporting or
     * filing, and the orphan attachments of a filing that never wrote its note: at start no export is running (the
     * run lock is held), so every one left is stale. Returns how many staging folders went.
     */
    public static int sweepStaging(VaultSettings settings) {
        Path staging = settings.root().resolve(".inkstone").resolve("staging");
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) return 0;
        int removed = 0;
        try (java.util.stream.Stream<Path> left = Files.list(staging)) {
            for (Path folder : left.toList()) {
                removeOrphans(folder);
                try (java.util.stream.Stream<Path> tree = Files.walk(folder)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                    removed++;
                } catch (IOException | java.io.UncheckedIOException e) {
                    org.slf4j.LoggerFactory.getLogger("inkstone").warn("could not remove the stale staging folder "
                            + folder + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger("inkstone").warn("could not list " + staging + ": " + e.getMessage());
        }
        return removed;
    }

    /** Obsidian embeds, with paths relative to the vault so names elsewhere in the vault cannot shadow them. */
    private String embeds(List<Attachment> attachments) {
        StringBuilder sb = new StringBuilder("\n");
        for (Attachment a : attachments) {
            String link = settings.root().relativize(a.file()).toString().replace('\\', '/');
            sb.append("![[").append(link).append("]]\n");
        }
        return sb.toString();
    }

    private static String stemOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".md".length());
    }
}
