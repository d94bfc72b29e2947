package io.inkstone.brief;

/** Files exported beside a note. */
public enum ExportFormat {
    PDF, EPUB;

    public String extension() { return name().toLowerCase(java.util.Locale.ROOT); }
}
