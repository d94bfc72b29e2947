package io.inkstone.export;

import java.util.Locale;

/** Which export engine to use (setting {@code inkstone.export.engine}, option {@code --engine}). */
public enum EngineChoice {
    /** Pandoc when it is installed and can do the job (for PDF: with a CJK-capable PDF engine), else pure Java */
    AUTO,
    /** always the pure-Java engines (openhtmltopdf + PDFBox, Inkstone's EPUB writer) */
    JAVA,
    /** always Pandoc; an export fails with a message saying what to install when it cannot */
    PANDOC;

    /** Parses "auto", "java" or "pandoc" (any case). */
    public static EngineChoice parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ExportException(ExportException.Reason.SETTINGS,
                    "unknown export engine '" + text + "'; use auto, java or pandoc");
        }
    }
}
