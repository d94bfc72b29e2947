package io.inkstone.compose;

import io.inkstone.brief.Length;
import io.inkstone.llm.StopReason;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A finished piece and how it was made.
 *
 * @param title                the brief's title
 * @param markdown             the body, starting with {@code # title} (no front matter)
 * @param target               the length aimed at: the brief's, or the default for its type
 * @param achievedLength       the length written, counted in {@code target.unit()} (top title excluded)
 * @param parts                one report per request chain: the outline (when the model wrote it), then
 *                             each section in order; a one-shot piece has one part
 * @param totalGeneratedTokens tokens generated for the piece (outline and resumed sections included)
 * @param took                 wall time of this run (a resumed run counts only what it did)
 * @param modelName            the generator's model name
 */
public record ComposedPiece(
        String title,
        String markdown,
        Length target,
        int achievedLength,
        List<PartReport> parts,
        int totalGeneratedTokens,
        Duration took,
        String modelName) {
    public ComposedPiece {
        parts = List.copyOf(parts);
    }

    /**
     * What the model did, for the note's properties. Time is the generation time of every part, so a piece resumed
     * after a restart counts its earlier sections too (as its token count does).
     */
    public GenerationSummary summary() {
        LinkedHashSet<StopReason> reasons = new LinkedHashSet<>();
        double seconds = 0;
        for (PartReport part : parts) {
            reasons.addAll(part.stopReasons());
            seconds += part.seconds();
        }
        return new GenerationSummary(modelName, target, achievedLength, target.unit(), List.copyOf(reasons),
                totalGeneratedTokens, Duration.ofNanos((long) (seconds * 1e9)));
    }
}
