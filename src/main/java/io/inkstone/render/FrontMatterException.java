package io.inkstone.render;

/** The note's YAML front matter cannot be read. Line and column are 1-based positions in the note file. */
public final class FrontMatterException extends RuntimeException {
    private final int line;
    private final int column;

    public FrontMatterException(int line, int column, String message, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() { return line; }

    public int column() { return column; }
}
