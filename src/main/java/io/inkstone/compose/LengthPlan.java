package io.inkstone.compose;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Length targets and the token budgets derived from them: the brief's target (or a default for its type),
 * its even split over sections, and how many tokens a length needs.
 */
final class LengthPlan {

    /** Qwen3's tokenizer spends about 1.5 tokens per Chinese character. */
    static final double TOKENS_PER_CHARACTER = 1.5;
    /** ... and about 1.4 tokens per English word. */
    static final double TOKENS_PER_WORD = 1.4;
    /** Room above the estimate, so that a part can end its last sentence before max_new_tokens. */
    static final double TOKEN_SAFETY_FACTOR = 1.25;
    /** No request asks for fewer tokens than this. */
    static final int MIN_NEW_TOKENS = 64;

    private LengthPlan() {}

    /** The brief's length, or the default for its type in its language's unit. */
    static Length targetFor(Brief brief) {
        if (brief.length() != null) return brief.length();
        LengthUnit unit = brief.isCjk() ? LengthUnit.CHARACTERS : LengthUnit.WORDS;
        int[] charactersAndWords = defaultLength(brief.type());
        return new Length(unit == LengthUnit.CHARACTERS ? charactersAndWords[0] : charactersAndWords[1], unit);
    }

    /** {characters, words} a piece of this type runs to when the brief gives no length. */
    private static int[] defaultLength(BriefType type) {
        return switch (type == null ? BriefType.OTHER : type) {
            case ARTICLE -> new int[] {1500, 900};
            case STORY -> new int[] {2000, 1200};
            case REPORT -> new int[] {2000, 1200};
            case POST -> new int[] {600, 400};
            case LETTER -> new int[] {500, 300};
            case TUTORIAL -> new int[] {1500, 1000};
            case SCRIPT -> new int[] {1500, 1000};
            case POEM -> new int[] {200, 150};
            case ESSAY -> new int[] {1500, 1000};
            case SPEECH -> new int[] {1200, 800};
            case REVIEW -> new int[] {800, 500};
            case OTHER -> new int[] {1000, 600};
        };
    }

    /** Splits {@code total} into {@code parts} near-equal budgets (the first ones get the remainder). */
    static List<Integer> split(int total, int parts) {
        if (parts < 1) throw new IllegalArgumentException("parts must be >= 1, got " + parts);
        List<Integer> budgets = new ArrayList<>(parts);
        int base = total / parts;
        int remainder = total % parts;
        for (int i = 0; i < parts; i++) budgets.add(Math.max(1, base + (i < remainder ? 1 : 0)));
        return budgets;
    }

    /** Expected tokens for a text of this length (no safety margin). */
    static int estimatedTokens(int length, LengthUnit unit) {
        double perUnit = unit == LengthUnit.CHARACTERS ? TOKENS_PER_CHARACTER : TOKENS_PER_WORD;
        return (int) Math.ceil(length * perUnit);
    }

    /** max_new_tokens for a part of this length: the estimate with a safety margin, capped by {@code cap}. */
    static int maxNewTokensFor(int length, LengthUnit unit, int cap) {
        int wanted = (int) Math.ceil(estimatedTokens(length, unit) * TOKEN_SAFETY_FACTOR);
        return Math.min(cap, Math.max(MIN_NEW_TOKENS, wanted));
    }
}
