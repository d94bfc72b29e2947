package io.inkstone.brief;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names: the closest candidate by edit distance, when it is close enough. */
final class Suggestions {

    private Suggestions() {}

    /**
     * The candidate closest to {@code input}, compared without case, {@code _}, {@code -} and spaces, if its edit
     * distance (with transpositions) is small for its length: 1 up to 4 characters, 2 up to 8, else 3.
     * Ties go to the earlier candidate.
     */
    static Optional<String> nearest(String input, Collection<String> candidates) {
        String wanted = fold(input);
        if (wanted.length() > 64) return Optional.empty();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String folded = fold(candidate);
            int distance = distance(wanted, folded);
            int allowed = folded.length() <= 4 ? 1 : folded.length() <= 8 ? 2 : 3;
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code did you mean `x`?} for the nearest candidate, else {@code fallback} (may be null). */
    static String didYouMean(String input, Collection<String> candidates, String fallback) {
        return nearest(input, candidates).map(n -> "did you mean `" + n + "`?").orElse(fallback);
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
