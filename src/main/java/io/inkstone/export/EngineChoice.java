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

    /** The setting's value: {@code auto}, {@code java} or {@code pandoc}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every setting value, in order. */
    public static java.util.List<String> settingValues() {
        return java.util.Arrays.stream(values()).map(EngineChoice::settingValue).toList();
    }

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
