package io.inkstone.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches a growing text for a degenerate repetition loop, character by character, so the result does
 * not depend on how the text arrived in pieces. Two signs count as a loop:
 * <ul>
 *   <li>the end of the text is one unit of 1..{@value #MAX_PERIOD_CHARACTERS} characters repeated exactly,
 *       at least {@code minRepeats} times and over at least {@code minCharacters} characters
 *       ("哈哈哈…", a line or a paragraph written again and again);</li>
 *   <li>the last sentences are one sentence, or a cycle of up to {@value #MAX_SENTENCE_CYCLE} sentences,
 *       repeated at least {@code minRepeats} times over at least {@code minCharacters} characters, when
 *       spaces and line breaks are ignored (the same sentence again and again, spaced differently).</li>
 * </ul>
 * Once a loop is found, {@link #keepLength()} says where to cut: after the first copy of the repeated part.
 */
final class RepetitionDetector {

    /** The longest repeated unit looked for (a long paragraph). */
    static final int MAX_PERIOD_CHARACTERS = 1500;
    /** The longest cycle of sentences looked for. */
    static final int MAX_SENTENCE_CYCLE = 4;

    private final int minRepeats;
    private final int minCharacters;
    private final StringBuilder text = new StringBuilder();
    /** runs[p]: how many characters in a row, ending at the last one, equal the character p places before. */
    private final int[] runs = new int[MAX_PERIOD_CHARACTERS + 1];
    /** Completed sentences, normalised, with the text index just after each. */
    private final List<String> sentences = new ArrayList<>();
    private final List<Integer> sentenceEnds = new ArrayList<>();
    private final StringBuilder currentSentence = new StringBuilder();
    private int keepLength = -1;

    /**
     * @param minRepeats    copies in a row that make a loop (>= 2)
     * @param minCharacters the repeated stretch must be at least this long, so that short legitimate
     *                      repetition ("哈哈哈", a refrain) passes
     */
    RepetitionDetector(int minRepeats, int minCharacters) {
        if (minRepeats < 2) throw new IllegalArgumentException("minRepeats must be >= 2, got " + minRepeats);
        if (minCharacters < 1) throw new IllegalArgumentException("minCharacters must be >= 1, got " + minCharacters);
        this.minRepeats = minRepeats;
        this.minCharacters = minCharacters;
    }

    /** Adds text; returns true when a loop has been found (now or before). Text after a loop is ignored. */
    boolean append(CharSequence delta) {
        for (int i = 0; i < delta.length() && keepLength < 0; i++) push(delta.charAt(i));
        return loopDetected();
    }

    boolean loopDetected() { return keepLength >= 0; }

    /** The length of the text worth keeping (before the loop plus one copy), or -1 while there is no loop. */
    int keepLength() { return keepLength; }

    /** The length of the first loop in {@code text}'s prefixes, cut after one copy; -1 when there is none. */
    static int findLoop(String text, int minRepeats, int minCharacters) {
        RepetitionDetector detector = new RepetitionDetector(minRepeats, minCharacters);
        detector.append(text);
        return detector.keepLength();
    }

    private void push(char ch) {
        text.append(ch);
        int last = text.length() - 1;
        int maxPeriod = Math.min(MAX_PERIOD_CHARACTERS, last);
        for (int period = 1; period <= maxPeriod; period++) {
            runs[period] = text.charAt(last - period) == ch ? runs[period] + 1 : 0;
            // run + period characters are `period`-periodic; a loop needs minRepeats copies and minCharacters
            int repeatedLength = runs[period] + period;
            if (repeatedLength >= period * minRepeats && repeatedLength >= minCharacters) {
                keepLength = alignToCodePoint(endOfFirstCopy(text.length() - repeatedLength, period));
                return;
            }
        }
        trackSentences(ch);
    }

    /**
     * Where to cut a periodic stretch starting at {@code start}: after one period, moved forward (by less than
     * a period, which is still inside the stretch's second copy) to just after a sentence end or line break
     * when there is one, because the stretch may begin mid-unit ("。ABC。ABC。…" starts with the previous
     * sentence's full stop).
     */
    private int endOfFirstCopy(int start, int period) {
        for (int end = start + period; end < start + 2 * period; end++) {
            if (isBoundary(end)) return end;
        }
        return start + period;
    }

    /** True when a sentence (with its closing quotes) or a line ends just before {@code end}. */
    private boolean isBoundary(int end) {
        int i = end - 1;
        if (text.charAt(i) == '\n') return true;
        if (end < text.length() && isCloser(text.charAt(end))) return false;
        while (i >= 0 && isCloser(text.charAt(i))) i--;
        return i >= 0 && isSentenceEnd(text.charAt(i));
    }

    private static boolean isCloser(char ch) {
        return switch (ch) {
            case '”', '’', '」', '』', '）', ')', '"', '\'', '》', '】', '*' -> true;
            default -> false;
        };
    }

    private static boolean isSentenceEnd(char ch) {
        return switch (ch) {
            case '。', '！', '？', '!', '?', '；', '.' -> true;
            default -> false;
        };
    }

    private void trackSentences(char ch) {
        boolean ends = ch == '\n' || (ch != '.' && isSentenceEnd(ch));
        if (Character.isWhitespace(ch) && currentSentence.length() > 0
                && currentSentence.charAt(currentSentence.length() - 1) == '.') {
            ends = true;
        }
        if (!Character.isWhitespace(ch)) currentSentence.append(ch);
        if (!ends || currentSentence.isEmpty()) return;
        sentences.add(currentSentence.toString());
        sentenceEnds.add(text.length());
        currentSentence.setLength(0);
        checkSentenceCycles();
    }

    private void checkSentenceCycles() {
        int count = sentences.size();
        for (int cycle = 1; cycle <= MAX_SENTENCE_CYCLE; cycle++) {
            int copies = 1;
            while ((copies + 1) * cycle <= count && sameCycle(count - cycle, count - (copies + 1) * cycle, cycle)) copies++;
            if (copies < minRepeats) continue;
            int cycleCharacters = 0;
            for (int i = count - cycle; i < count; i++) cycleCharacters += sentences.get(i).length();
            if (cycleCharacters * copies >= minCharacters) {
                int firstCopyEnd = sentenceEnds.get(count - (copies - 1) * cycle - 1);
                keepLength = firstCopyEnd;
                return;
            }
        }
    }

    private boolean sameCycle(int lastCycleStart, int otherCycleStart, int cycle) {
        for (int i = 0; i < cycle; i++) {
            if (!sentences.get(lastCycleStart + i).equals(sentences.get(otherCycleStart + i))) return false;
        }
        return true;
    }

    private int alignToCodePoint(int index) {
        return index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index + 1 : index;
    }
}
