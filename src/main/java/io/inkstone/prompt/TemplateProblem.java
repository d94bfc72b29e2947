package io.inkstone.prompt;

/**
 * One located problem in a prompt template, printed in compiler format: {@code file:line:column: message}.
 *
 * @param source  the template file (a path, or {@code classpath:templates/NAME.md} for a built-in)
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when unknown
 * @param message what is wrong and what to do
 */
public record TemplateProblem(String source, int line, int column, String message) {

    /** {@code source:line:column: message}, leaving out an unknown line or column. */
    public String format() {
        StringBuilder text = new StringBuilder(source);
        if (line > 0) {
            text.append(':').append(line);
            if (column > 0) text.append(':').append(column);
        }
        return text.append(": ").append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
