package io.inkstone.llm.djl;

/**
 * Splits a streamed Qwen3 answer into thinking ({@code <think>…</think>}) and answer text, with the tags
 * allowed to arrive split across deltas. A {@code <think>} opens thinking only before any answer text
 * (leading whitespace aside), as Qwen3 emits it; later it is ordinary text. Newlines right after
 * {@code <think>}, right before {@code </think>} and right after it are dropped, as Qwen3's chat parsing does.
 * Models whose prompt already ends in {@code <think>\n} start inside thinking ({@code startsInThinking}).
 * Not thread-safe.
 */
public final class ThinkingSplitter {

    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    /** Text for each channel produced by one push (either may be ""). */
    public record Delta(String thinking, String answer) {
        public static final Delta EMPTY = new Delta("", "");

        public boolean isEmpty() {
            return thinking.isEmpty() && answer.isEmpty();
        }
    }

    private enum State { START, THINKING, ANSWER }

    private State state;
    private boolean dropLeadingNewlines;
    private String pending = "";

    /** A splitter for output that may start with {@code <think>}. */
    public ThinkingSplitter() {
        this(false);
    }

    /** @param startsInThinking true when the prompt already opened the thinking block */
    public ThinkingSplitter(boolean startsInThinking) {
        state = startsInThinking ? State.THINKING : State.START;
        dropLeadingNewlines = startsInThinking;
    }

    /** Adds generated text and returns what is certain for each channel now. */
    public Delta push(String delta) {
        pending += delta;
        StringBuilder thinking = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = switch (state) {
                case START -> start();
                case THINKING -> thinking(thinking);
                case ANSWER -> answer(answer);
            };
        }
        return thinking.isEmpty() && answer.isEmpty() ? Delta.EMPTY : new Delta(thinking.toString(), answer.toString());
    }

    /** Ends the stream: whatever was held back, in the channel it belongs to. */
    public Delta flush() {
        String rest = pending;
        pending = "";
        if (state == State.THINKING) return new Delta(rest, "");
        return rest.isEmpty() ? Delta.EMPTY : new Delta("", rest);
    }

    /** True while inside a thinking block. */
    public boolean inThinking() {
        return state == State.THINKING;
    }

    private boolean start() {
        String trimmed = pending.stripLeading();
        if (trimmed.startsWith(OPEN)) {
            pending = trimmed.substring(OPEN.length());
            state = State.THINKING;
            dropLeadingNewlines = true;
            return true;
        }
        if (OPEN.startsWith(trimmed)) return false; // only whitespace or a partial "<think>" so far: wait
        state = State.ANSWER;
        return true;
    }

    private boolean thinking(StringBuilder out) {
        if (dropLeadingNewlines) {
            pending = stripLeadingNewlines(pending);
            if (pending.isEmpty()) return false;
            dropLeadingNewlines = false;
        }
        int close = pending.indexOf(CLOSE);
        if (close >= 0) {
            out.append(stripTrailingNewlines(pending.substring(0, close)));
            pending = pending.substring(close + CLOSE.length());
            state = State.ANSWER;
            dropLeadingNewlines = true;
            return true;
        }
        int hold = partialTagLength(pending, CLOSE);
        int end = pending.length() - hold;
        while (end > 0 && pending.charAt(end - 1) == '\n') end--; // may be the newline before </think>
        out.append(pending, 0, end);
        pending = pending.substring(end);
        return false;
    }

    private boolean answer(StringBuilder out) {
        if (dropLeadingNewlines) {
            pending = stripLeadingNewlines(pending);
            if (pending.isEmpty()) return false;
            dropLeadingNewlines = false;
        }
        out.append(pending);
        pending = "";
        return false;
    }

    /** Length of the longest tail of {@code text} that is a proper prefix of {@code tag}. */
    private static int partialTagLength(String text, String tag) {
        for (int length = Math.min(tag.length() - 1, text.length()); length > 0; length--) {
            if (text.regionMatches(text.length() - length, tag, 0, length)) return length;
        }
        return 0;
    }

    private static String stripLeadingNewlines(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\n') i++;
        return s.substring(i);
    }

    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') end--;
        return s.substring(0, end);
    }
}
