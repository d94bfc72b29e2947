package io.inkstone.cli;

/** Process exit codes; listed in --help and the README. Never use ordinal(). */
public enum ExitCode {
    OK(0, "success"),
    INVALID_INPUT(1, "invalid input: a brief, note or option has errors (they are printed)"),
    USAGE(2, "wrong command-line usage"),
    MODEL_ERROR(3, "the model could not be loaded or failed while generating"),
    EXPORT_ERROR(4, "an export (PDF/EPUB) failed"),
    IO_ERROR(5, "a file could not be read or written"),
    INTERRUPTED(130, "interrupted (Ctrl-C)"),
    INTERNAL(70, "internal error (a bug: please report it with the log)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() { return code; }

    public String meaning() { return meaning; }

    /** The exit-code table for --help footers. */
    public static String helpTable() {
        StringBuilder sb = new StringBuilder("%nExit codes:%n");
        for (ExitCode c : values()) sb.append(String.format("  %3d  %s%%n", c.code, c.meaning));
        return sb.toString();
    }
}
