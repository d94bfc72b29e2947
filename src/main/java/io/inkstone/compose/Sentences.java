package io.inkstone.compose;

/**
 * Sentence boundaries in Chinese and English prose: where a cut-off text can be trimmed, where a tail of
 * context starts, and what a section's first sentence is.
 */
final class Sentences {

    private Sentences() {}

    /** Characters that end a sentence wherever they stand. */
    private static boolean isTerminator(int codePoint) {
        return switch (codePoint) {
            case '。', '！', '？', '!', '?', '…', '；' -> true;
            default -> false;
        };
    }

    /** Characters that close a sentence after its terminator: quotes, brackets, emphasis marks. */
    private static boolean isCloser(int codePoint) {
        return switch (codePoint) {
            case '”', '’', '」', '』', '）', ')', '"', '\'', '*', '_', '》', '】' -> true;
            default -> false;
        };
    }

    /**
     * The index just after the sentence that ends at {@code index} (a terminator), including closing quotes,
     * or -1 when no sentence ends there. A '.' ends a sentence only before whitespace or the end, so that
     * "3.14" and "e.g" stay whole.
     */
    private static int sentenceEndAt(String text, int index) {
        int codePoint = text.codePointAt(index);
        int after = index + Character.charCount(codePoint);
        if (codePoint == '.') {
            int end = skipClosers(text, after);
            return end >= text.length() || Character.isWhitespace(text.charAt(end)) ? end : -1;
        }
        return isTerminator(codePoint) ? skipClosers(text, after) : -1;
    }

    private static int skipClosers(String text, int from) {
        int i = from;
        while (i < text.length() && isCloser(text.codePointAt(i))) i += Character.charCount(text.codePointAt(i));
        return i;
    }

    /**
     * Drops a cut-off last sentence: the text up to its last sentence end or line end. A text that already
     * ends cleanly, or whose last boundary lies in its first half (trimming would lose more than the cut-off
     * sentence is worth), comes back unchanged except for trailing whitespace.
     */
    static String trimIncompleteEnding(String text) {
        String stripped = text.stripTrailing();
        int lastBoundary = -1;
        for (int i = 0; i < stripped.length(); i += Character.charCount(stripped.codePointAt(i))) {
            if (stripped.charAt(i) == '\n') {
                lastBoundary = i;
            } else {
                int end = sentenceEndAt(stripped, i);
                if (end > 0) lastBoundary = end;
            }
        }
        if (lastBoundary >= stripped.length() || lastBoundary < stripped.length() / 2) return stripped;
        return stripped.substring(0, lastBoundary).stripTrailing();
    }

    /**
     * The first sentence of the first prose paragraph (headings, code and blank lines skipped), at most
     * {@code maxCharacters} long (cut with "…"); "" when there is none.
     */
    static String firstSentence(String markdown, int maxCharacters) {
        boolean inCode = false;
        for (String line : markdown.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                inCode = !inCode;
                continue;
            }
            if (inCode || trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("|")) continue;
            String prose = trimmed.replaceFirst("^(?:[-*+>]|\\d+[.)])\\s+", "");
            int end = prose.length();
            for (int i = 0; i < prose.length(); i += Character.charCount(prose.codePointAt(i))) {
                int sentenceEnd = sentenceEndAt(prose, i);
                if (sentenceEnd > 0) {
                    end = sentenceEnd;
                    break;
                }
            }
            return cap(prose.substring(0, end), maxCharacters);
        }
        return "";
    }

    /**
     * The last {@code maxCharacters} of a text, starting at a sentence (or, failing that, a word) boundary
     * when one lies in the window's first half.
     */
    static String tail(String text, int maxCharacters) {
        String stripped = text.strip();
        if (stripped.length() <= maxCharacters) return stripped;
        int start = stripped.length() - maxCharacters;
        if (Character.isLowSurrogate(stripped.charAt(start))) start++;
        int limit = start + maxCharacters / 2;
        for (int i = start; i < limit; i++) {
            if (stripped.charAt(i) == '\n') return stripped.substring(i + 1).strip();
            int end = sentenceEndAt(stripped, i);
            if (end > 0) return stripped.substring(end).strip();
        }
        for (int i = start; i < limit; i++) {
            if (Character.isWhitespace(stripped.charAt(i))) return stripped.substring(i).strip();
        }
        return stripped.substring(start);
    }

    private static String cap(String text, int maxCharacters) {
        if (text.codePointCount(0, text.length()) <= maxCharacters) return text;
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, maxCharacters - 1))) + "…";
    }
}
