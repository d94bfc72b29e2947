package io.inkstone.vault;

import io.inkstone.brief.Brief;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes finished pieces into an Obsidian vault: {@code <vault>/<folder>/<pattern>.md} with Obsidian properties,
 * exports in the attachments folder embedded at the end of the note. A note is written atomically and never
 * replaces a file: a taken name gets " (2)", " (3)", ...
 *
 * <p>Exports are made from a staged copy of the note in {@code <vault>/.inkstone/staging/} (a hidden folder
 * Obsidian ignores) before the note itself appears, so the note is only ever seen complete with its embeds.
 */
public final class VaultWriter {

    private final VaultSettings settings;
    private final NoteExporter exporter;

    public VaultWriter(VaultSettings settings, NoteExporter exporter) {
        this.settings = settings;
        this.exporter = exporter;
    }

    /** Writes the note and its exports; returns where they landed. */
    public WrittenNote write(NoteDraft draft) throws IOException {
        Brief brief = draft.brief();
        Path folder = settings.folder(brief.vault().folder() != null ? brief.vault().folder() : settings.defaultFolder());
        String stem = stemOf(NoOverwriteFiles.firstFree(folder,
                settings.naming().stem(brief.title(), brief.id(), brief.type().yamlName(), draft.created().toLocalDateTime()), "md"));
        Map<String, Object> properties = FrontMatter.properties(brief, draft.generation(), draft.created());
        String body = draft.markdown().strip() + "\n";

        List<Attachment> attachments = new ArrayList<>();
        Path staging = settings.root().resolve(".inkstone").resolve("staging").resolve(UUID.randomUUID().toString());
        try {
            if (!draft.exports().isEmpty()) {
                Files.createDirectories(staging);
                Path staged = staging.resolve(stem + ".md");
                Files.writeString(staged, FrontMatter.render(properties) + "\n" + body, StandardCharsets.UTF_8);
                Path attachmentsDir = settings.folder(settings.attachmentsFolder());
                for (Attachment exported : exporter.export(staged, draft.exports(), staging)) {
                    Path placed = NoOverwriteFiles.moveNew(exported.file(), attachmentsDir, stem, exported.format().extension());
                    attachments.add(new Attachment(exported.format(), placed, exported.engine()));
                }
                Map<String, String> engines = new LinkedHashMap<>();
                for (Attachment a : attachments) engines.put(a.format().extension(), a.engine());
                properties.put("exports", engines);
            }
            String text = FrontMatter.render(properties) + "\n" + body + embeds(attachments);
            Path note = NoOverwriteFiles.writeNew(folder, stem, "md", text.getBytes(StandardCharsets.UTF_8));
            return new WrittenNote(note, attachments);
        } catch (IOException | RuntimeException e) {
            for (Attachment a : attachments) Files.deleteIfExists(a.file());
            throw e;
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Obsidian embeds, with paths relative to the vault so names elsewhere in the vault cannot shadow them. */
    private String embeds(List<Attachment> attachments) {
        if (attachments.isEmpty()) return "";
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.notExists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
