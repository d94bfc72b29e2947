package io.inkstone.export;

/**
 * An export failed; the message says why and what to do (install a program, fix the note, free the folder).
 * No partial or empty output file is left behind when this is thrown.
 */
public final class ExportException extends RuntimeException {

    /** What went wrong, so callers can map it to an exit code. */
    public enum Reason {
        /** the note cannot be read or its front matter is invalid */
        INPUT,
        /** a setting (engine, font, stylesheet) cannot be used */
        SETTINGS,
        /** the chosen engine is missing or failed */
        ENGINE,
        /** the output folder or file cannot be written */
        OUTPUT
    }

    private final Reason reason;
    private final java.util.List<ExportResult> written;

    public ExportException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ExportException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, java.util.List.of());
    }

    /** @param written the formats of the same call that were exported before or despite this failure */
    public ExportException(Reason reason, String message, Throwable cause, java.util.List<ExportResult> written) {
        super(message, cause);
        this.reason = reason;
        this.written = java.util.List.copyOf(written);
    }

    public Reason reason() { return reason; }

    /** Files of the same export call that were written completely although another format failed. */
    public java.util.List<ExportResult> written() { return written; }
}
