package io.inkstone.llm.djl;

import java.util.List;

/**
 * Finds stop strings in streamed text. {@link #push(String)} returns the text that is safe to show: it holds
 * back only the shortest tail that could still grow into a stop string, and once a stop string appears it
 * returns the text before it and nothing after (the stop string itself is never emitted). Not thread-safe.
 */
public final class StopStringMatcher {

    private final List<String> stopStrings;
    private String held = "";
    private String matched;

    /** @param stopStrings strings that end generation; empty strings are ignored */
    public StopStringMatcher(List<String> stopStrings) {
        this.stopStrings = stopStrings.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds generated text; returns what can be emitted now ("" after a stop). */
    public String push(String delta) {
        if (matched != null) return "";
        String text = held + delta;
        int first = -1;
        for (String stop : stopStrings) {
            int at = text.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
                matched = stop;
            }
        }
        if (first >= 0) {
            held = "";
            return text.substring(0, first);
        }
        int hold = longestTailThatStartsAStop(text);
        held = text.substring(text.length() - hold);
        return text.substring(0, text.length() - hold);
    }

    /** True once a stop string has appeared. */
    public boolean stopped() {
        return matched != null;
    }

    /** The stop string that appeared, or null. */
    public String matchedStopString() {
        return matched;
    }

    /** Ends the stream: the held-back tail (it did not become a stop string), or "" after a stop. */
    public String flush() {
        String out = held;
        held = "";
        return out;
    }

    private int longestTailThatStartsAStop(String text) {
        int best = 0;
        for (String stop : stopStrings) {
            for (int length = Math.min(stop.length() - 1, text.length()); length > best; length--) {
                if (text.regionMatches(text.length() - length, stop, 0, length)) {
                    best = length;
                    break;
                }
            }
        }
        return best;
    }
}
