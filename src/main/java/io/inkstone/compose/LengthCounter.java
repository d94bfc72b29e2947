package io.inkstone.compose;

import io.inkstone.brief.LengthUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Counts the length of a text the way a brief means it.
 *
 * <p>One rule serves both units, the one word processors use for mixed text: every Chinese, Japanese or
 * Korean character (汉字, kana, hangul) counts 1; every run of other letters and digits counts 1 as a word
 * ({@code don't}, {@code well-known}, {@code 3,000} and {@code 3.14} are one word each); punctuation,
 * spaces and Markdown markup count 0. So "3000字" counts 字 in Chinese prose, "800 words" counts words in
 * English prose, and an English name inside Chinese text (or a Chinese term inside English text) counts
 * as one unit, as a reader would. Link targets ({@code [text](url)}) are not counted, their text is.
 */
public final class LengthCounter {

    /** The target part of a Markdown link or image: {@code ](...)}. */
    private static final Pattern LINK_TARGET = Pattern.compile("\\]\\([^)\\s]*(?:\\s+\"[^\"]*\")?\\)");

    private LengthCounter() {}

    /**
     * The length of {@code text} in {@code unit}.
     *
     * @param text any text, Markdown allowed; null counts 0
     * @param unit the unit the target is given in (both units use the mixed-text rule above)
     */
    public static int count(String text, LengthUnit unit) {
        Objects.requireNonNull(unit, "unit");
        if (text == null || text.isEmpty()) return 0;
        String prose = LINK_TARGET.matcher(text).replaceAll("]");
        int count = 0;
        boolean inWord = false;
        int length = prose.length();
        for (int i = 0; i < length; ) {
            int codePoint = prose.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (isCjk(codePoint)) {
                count++;
                inWord = false;
            } else if (isWordPart(codePoint)) {
                if (!inWord) count++;
                inWord = true;
            } else if (inWord && next < length && joinsWord(codePoint, prose.codePointBefore(i), prose.codePointAt(next))) {
                // an apostrophe, hyphen or decimal mark inside a word: the word goes on
            } else {
                inWord = false;
            }
            i = next;
        }
        return count;
    }

    /** True for characters counted one by one: Han ideographs, kana, hangul, bopomofo. */
    static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, BOPOMOFO -> Character.isLetter(codePoint);
            default -> false;
        };
    }

    private static boolean isWordPart(int codePoint) {
        if (Character.isLetterOrDigit(codePoint)) return true;
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean joinsWord(int joiner, int before, int after) {
        if (isCjk(after) || !Character.isLetterOrDigit(after)) return false;
        return switch (joiner) {
            case '\'', '\u2019', '-', '\u2010', '_' -> true;
            case '.', ',' -> Character.isDigit(before) && Character.isDigit(after);
            default -> false;
        };
    }
}
