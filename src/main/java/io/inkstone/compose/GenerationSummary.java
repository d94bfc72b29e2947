package io.inkstone.compose;

import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.StopReason;
import java.time.Duration;
import java.util.List;

/**
 * What the model did for a note, recorded in its properties.
 *
 * @param modelName       the model's short name
 * @param target          the brief's length target, or null when it gave none
 * @param achievedLength  the length written, counted in {@code lengthUnit}
 * @param lengthUnit      how lengths are counted (characters for Chinese/Japanese/Korean, words otherwise)
 * @param stopReasons     why each generation ended, distinct, in order of first occurrence
 * @param generatedTokens tokens generated in total
 * @param took            time the model spent generating the piece
 */
public record GenerationSummary(String modelName, Length target, int achievedLength, LengthUnit lengthUnit,
                                List<StopReason> stopReasons, int generatedTokens, Duration took) {
    public GenerationSummary {
        stopReasons = List.copyOf(stopReasons);
    }

    /** Generated tokens per second of generation time (0 when no time passed). */
    public double tokensPerSecond() {
        double seconds = took.toNanos() / 1e9;
        return seconds > 0 ? generatedTokens / seconds : 0;
    }
}
