package io.inkstone.render;

/**
 * Flattens Markdown nesting before flexmark parses it, so no note (model output nested hundreds or thousands of
 * levels deep) can overflow a recursive parser or renderer: a line opening more than {@link #MAX_CONTAINERS} block
 * containers ({@code >} quotes and {@code -}/{@code *}/{@code +}/{@code 1.} list markers) keeps only the first
 * {@link #MAX_CONTAINERS}, and indentation deeper than {@link #MAX_INDENT} columns is cut to it. The text itself is
 * kept, only its nesting is reduced. Lines inside fenced code blocks are left alone.
 */
public final class NestingLimiter {
    /** Block containers one line may open. */
    public static final int MAX_CONTAINERS = 16;
    /** Columns of leading indentation kept. */
    public static final int MAX_INDENT = 64;

    private NestingLimiter() {}

    /** The Markdown with its nesting limited; the same string when nothing is too deep. */
    public static String limit(String markdown) {
        StringBuilder out = null;
        String fence = null;
        int start = 0;
        int length = markdown.length();
        while (start < length) {
            int end = markdown.indexOf('\n', start);
            int next = end < 0 ? length : end + 1;
            String line = markdown.substring(start, end < 0 ? length : end);
            String limited = line;
            String opening = fenceOf(line);
            if (fence != null) {
                if (opening != null && opening.charAt(0) == fence.charAt(0) && opening.length() >= fence.length()
                        && line.strip().length() == opening.length()) {
                    fence = null;
                }
            } else if (opening != null) {
                fence = opening;
            } else {
                limited = limitLine(line);
            }
            if (limited != line && out == null) out = new StringBuilder(markdown.length()).append(markdown, 0, start);
            if (out != null) out.append(limited).append(markdown, start + line.length(), next);
            start = next;
        }
        return out == null ? markdown : out.toString();
    }

    /** The fence ({@code ```} or {@code ~~~} run) opening or closing a code block at the line's start, or null. */
    private static String fenceOf(String line) {
        int i = 0;
        while (i < line.length() && i < 4 && line.charAt(i) == ' ') i++;
        if (i > 3 || i >= line.length()) return null;
        char c = line.charAt(i);
        if (c != '`' && c != '~') return null;
        int j = i;
        while (j < line.length() && line.charAt(j) == c) j++;
        return j - i >= 3 ? line.substring(i, j) : null;
    }

    /** One line with at most {@link #MAX_CONTAINERS} container markers and {@link #MAX_INDENT} columns of indent. */
    static String limitLine(String line) {
        int i = 0;
        int columns = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            columns += line.charAt(i) == '\t' ? 4 - columns % 4 : 1;
            i++;
        }
        int indentEnd = i;
        int containers = 0;
        int keepUntil = -1;   // end of the last marker kept (with its following space)
        int markersEnd = -1;  // end of the last marker seen
        int position = i;
        while (position < line.length()) {
            int afterMarker = markerEnd(line, position);
            if (afterMarker < 0) break;
            containers++;
            int afterSpace = afterMarker;
            while (afterSpace < line.length() && (line.charAt(afterSpace) == ' ' || line.charAt(afterSpace) == '\t')) {
                afterSpace++;
            }
            if (containers == MAX_CONTAINERS) keepUntil = afterSpace;
            markersEnd = afterSpace;
            position = afterSpace;
        }
        boolean tooManyContainers = containers > MAX_CONTAINERS;
        boolean tooDeep = columns > MAX_INDENT;
        if (!tooManyContainers && !tooDeep) return line;
        StringBuilder limited = new StringBuilder(line.length());
        limited.append(tooDeep ? " ".repeat(MAX_INDENT) : line.substring(0, indentEnd));
        if (tooManyContainers) {
            limited.append(line, indentEnd, keepUntil);
            if (limited.length() > 0 && limited.charAt(limited.length() - 1) != ' ') limited.append(' ');
            limited.append(line, markersEnd, line.length());
        } else {
            limited.append(line, indentEnd, line.length());
        }
        return limited.toString();
    }

    /** The index after a container marker starting at {@code i}, or -1 when none starts there. */
    private static int markerEnd(String line, int i) {
        char c = line.charAt(i);
        if (c == '>') return i + 1;
        if (c == '-' || c == '*' || c == '+') return followedBySpace(line, i + 1) ? i + 1 : -1;
        int j = i;
        while (j < line.length() && j - i < 9 && Character.isDigit(line.charAt(j)) && line.charAt(j) < 128) j++;
        if (j == i || j >= line.length() || (line.charAt(j) != '.' && line.charAt(j) != ')')) return -1;
        return followedBySpace(line, j + 1) ? j + 1 : -1;
    }

    private static boolean followedBySpace(String line, int i) {
        return i >= line.length() || line.charAt(i) == ' ' || line.charAt(i) == '\t';
    }
}
