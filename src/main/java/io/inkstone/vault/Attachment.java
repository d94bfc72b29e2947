package io.inkstone.vault;

import io.inkstone.brief.ExportFormat;
import java.nio.file.Path;

/**
 * An exported file beside a note.
 *
 * @param format the export format
 * @param file   where it is
 * @param engine what made it (e.g. "openhtmltopdf", "pandoc"), recorded in the note's properties
 */
public record Attachment(ExportFormat format, Path file, String engine) {}
