package io.inkstone.vault;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ExportFormat;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A finished piece on its way into the vault.
 *
 * @param brief      the brief it was written for (title, tags, folder, extra properties, source file)
 * @param markdown   the body (starting with "# title"), without front matter
 * @param generation what the model did
 * @param created    when the note is created; its local date and time name the note
 * @param exports    formats to export and embed (may be empty)
 */
public record NoteDraft(Brief brief, String markdown, GenerationSummary generation, ZonedDateTime created,
                        List<ExportFormat> exports) {
    public NoteDraft {
        Objects.requireNonNull(brief, "brief");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(created, "created");
        exports = exports == null ? List.of() : List.copyOf(exports);
    }
}
