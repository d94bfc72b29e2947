package io.inkstone.compose;

import io.inkstone.llm.StopReason;
import java.util.List;

/**
 * How one part of a piece was generated.
 *
 * @param heading         the section heading; {@code "outline"} for the outline request, the title for a
 *                        one-shot piece
 * @param stopReasons     why each request for this part stopped, in order: the first generation, then each
 *                        continuation ({@code [max_tokens, max_tokens, eos]} = continued twice, then finished)
 * @param generatedTokens tokens generated for this part, continuations included
 * @param seconds         generation time for this part
 * @param loopDetected    a repetition loop was found and cut off (the part then stopped, CANCELLED)
 */
public record PartReport(String heading, List<StopReason> stopReasons, int generatedTokens, double seconds, boolean loopDetected) {
    public PartReport {
        stopReasons = List.copyOf(stopReasons);
    }

    /** How many times this part was continued after max_new_tokens. */
    public int continuations() {
        return Math.max(0, stopReasons.size() - 1);
    }
}
