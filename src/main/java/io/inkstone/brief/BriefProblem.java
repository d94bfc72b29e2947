package io.inkstone.brief;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a brief, located like a compiler error: {@code file:line:column: message (hint)}.
 *
 * @param file    the brief's file as the user named it, or null for text that came from elsewhere
 * @param line    1-based line
 * @param column  1-based column, counted in characters (code points)
 * @param message what is wrong, naming the key ("`title` is empty")
 * @param hint    what to do about it ("did you mean `requirements`?"), or null
 */
public record BriefProblem(Path file, int line, int column, String message, String hint) {

    public BriefProblem {
        Objects.requireNonNull(message, "message");
        if (line < 1 || column < 1) throw new IllegalArgumentException("line and column are 1-based, got " + line + ":" + column);
        message = oneLine(message);
        hint = hint == null || hint.isBlank() ? null : oneLine(hint);
    }

    /** Control characters (line breaks included) shown as {@code \n} or {@code U+0007}, so a problem is always one line. */
    private static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) sb.append(String.format("U+%04X", c));
                    else sb.appendCodePoint(c);
                }
            }
        });
        return sb.toString();
    }

    /** {@code file:line:column: message} followed by {@code  (hint)} when there is a hint. */
    public String format() {
        String where = (file == null ? "<brief>" : file.toString()) + ":" + line + ":" + column + ": ";
        return where + message + (hint == null ? "" : " (" + hint + ")");
    }

    @Override
    public String toString() {
        return format();
    }
}
