package io.inkstone.vault;

import io.inkstone.brief.Brief;
import io.inkstone.export.ExportResult;
import io.inkstone.render.FrontMatter;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A finished piece on its way into the vault: the note (properties and body) and the exports already made from it,
 * still in a staging folder.
 *
 * @param brief   the brief it was written for (title, id, type, folder: they name and place the note)
 * @param note    the note's properties and body (starting with "# title")
 * @param created when the note is created; its local date and time name the note
 * @param exports files exported from {@code note}, in the staging folder, to move into the attachments folder and
 *                embed (may be empty)
 */
public record NoteDraft(Brief brief, FrontMatter note, ZonedDateTime created, List<ExportResult> exports) {
    public NoteDraft {
        Objects.requireNonNull(brief, "brief");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(created, "created");
        exports = exports == null ? List.of() : List.copyOf(exports);
    }
}
