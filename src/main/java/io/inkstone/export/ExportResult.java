package io.inkstone.export;

import io.inkstone.brief.ExportFormat;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One written export file.
 *
 * @param format the format
 * @param file   the file written (replacing an earlier export of the same note)
 * @param engine what made it, for the note's properties: "openhtmltopdf", "inkstone-epub", "pandoc",
 *               "pandoc+xelatex" or "pandoc+weasyprint"
 * @param took   wall time of this file's export
 */
public record ExportResult(ExportFormat format, Path file, String engine, Duration took) {}
