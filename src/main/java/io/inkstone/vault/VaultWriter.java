package io.inkstone.vault;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ReservedProperties;
import io.inkstone.export.ExportResult;
import io.inkstone.render.FrontMatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Path folder = settings.folder(brief.vault().folder() != null ? brief.vault().folder() : settings.defaultFolder());
        String stem = stemOf(NoOverwriteFiles.firstFree(folder,
                settings.naming().stem(brief.title(), brief.id(), brief.type().yamlName(), draft.created().toLocalDateTime()), "md"));
        FrontMatter note = draft.note();
        List<Attachment> attachments = new ArrayList<>();
        try {
            if (!draft.exports().isEmpty()) {
                Path attachmentsDir = settings.folder(settings.attachmentsFolder());
                Map<String, String> engines = new LinkedHashMap<>();
                for (ExportResult exported : draft.exports()) {
                    Path placed = NoOverwriteFiles.moveNew(exported.file(), attachmentsDir, stem, exported.format().extension());
                    attachments.add(new Attachment(exported.format(), placed, exported.engine()));
                    engines.put(exported.format().extension(), exported.engine());
                }
                note = note.with(ReservedProperties.EXPORTS, engines).append(embeds(attachments));
            }
            Path written = NoOverwriteFiles.writeNew(folder, stem, "md", note.text().getBytes(StandardCharsets.UTF_8));
            return new WrittenNote(written, attachments);
        } catch (IOException | RuntimeException e) {
            for (Attachment a : attachments) Files.deleteIfExists(a.file());
            throw e;
        }
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
