package io.inkstone.export;

import io.inkstone.render.FrontMatter;
import io.inkstone.render.FrontMatterException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A note to export: its properties and body, the name its files get, the folder its relative pictures are found
 * in, and its modification time (the EPUB's {@code dcterms:modified}). Made from a file ({@link #read}) by
 * {@code inkstone export}, or from a note still in memory ({@link #of}) by the pipeline, which never writes the note
 * only to read it back.
 *
 * @param note     front matter and body
 * @param stem     the exported files' name without extension ({@code Note} → {@code Note.pdf})
 * @param folder   where relative pictures are looked up (the note's folder)
 * @param modified when the note last changed
 */
public record ExportSource(FrontMatter note, String stem, Path folder, Instant modified) {
    public ExportSource {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(stem, "stem");
        folder = folder.toAbsolutePath().normalize();
        Objects.requireNonNull(modified, "modified");
    }

    /** A note in memory. */
    public static ExportSource of(FrontMatter note, String stem, Path folder, Instant modified) {
        return new ExportSource(note, stem, folder, modified);
    }

    /**
     * Reads and parses a Markdown note file.
     *
     * @throws ExportException (input) when the file is missing, not UTF-8, unreadable or has invalid front matter
     */
    public static ExportSource read(Path noteMd) {
        Path file = noteMd.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ExportException(ExportException.Reason.INPUT, "note " + file + " does not exist or is not a file");
        }
        String text;
        Instant modified;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (CharacterCodingException e) {
            throw new ExportException(ExportException.Reason.INPUT, "note " + file + " is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new ExportException(ExportException.Reason.INPUT, "cannot read note " + file + ": " + e.getMessage(), e);
        }
        FrontMatter note;
        try {
            note = FrontMatter.parse(text);
        } catch (FrontMatterException e) {
            throw new ExportException(ExportException.Reason.INPUT, file + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return new ExportSource(note, stem, file.getParent(), modified);
    }
}
