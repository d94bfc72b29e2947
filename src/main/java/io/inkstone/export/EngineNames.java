package io.inkstone.export;

/**
 * The names of the engines that make exports, as recorded in a note's {@code exports} property, in
 * {@link ExportResult#engine()} and in {@link EngineStatus#name()}: one place, so they are never spelt two ways.
 */
public final class EngineNames {
    /** Pure-Java PDF: openhtmltopdf on Apache PDFBox. */
    public static final String OPENHTMLTOPDF = "openhtmltopdf";
    /** Pure-Java EPUB 3: Inkstone's own writer. */
    public static final String INKSTONE_EPUB = "inkstone-epub";
    /** Pandoc alone (EPUB). */
    public static final String PANDOC = "pandoc";
    /** Pandoc with WeasyPrint as the PDF engine. */
    public static final String PANDOC_WEASYPRINT = "pandoc+weasyprint";
    /** Pandoc with XeLaTeX as the PDF engine. */
    public static final String PANDOC_XELATEX = "pandoc+xelatex";

    private EngineNames() {}
}
