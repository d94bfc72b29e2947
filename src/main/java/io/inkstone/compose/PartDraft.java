package io.inkstone.compose;

import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * One part of a piece (the outline, a section, a one-shot piece) across its continuations. It decides what
 * to ask next and when the part is done:
 * <ul>
 *   <li>a generation that stopped for max_new_tokens is continued with the same prompt and the text so far
 *       as the start of the assistant turn, at most {@code maxContinuations} times, and not once the part
 *       has reached its length budget;</li>
 *   <li>a repetition loop ends the part; the text is cut after the first copy of the repeated stretch;</li>
 *   <li>a part that ends cut off (max_new_tokens or a full context) loses its unfinished last sentence.</li>
 * </ul>
 */
final class PartDraft {

    private final String heading;
    private final GenerationRequest request;
    private final int budget;
    private final LengthUnit unit;
    private final int maxContinuations;
    private final RepetitionDetector detector;
    private final StringBuilder text = new StringBuilder();
    private final List<StopReason> stopReasons = new ArrayList<>();
    private int generatedTokens;
    private double seconds;
    private boolean loopDetected;
    private boolean done;

    /**
     * @param heading          the part's name in reports
     * @param request          the first request
     * @param budget           the length this part aims at (in {@code unit}); 0 = no budget (the outline)
     * @param unit             the unit of {@code budget}
     * @param maxContinuations continuations allowed after max_new_tokens
     * @param detector         watches the part's text for loops
     */
    PartDraft(String heading, GenerationRequest request, int budget, LengthUnit unit, int maxContinuations,
              RepetitionDetector detector) {
        this.heading = heading;
        this.request = request;
        this.budget = budget;
        this.unit = unit;
        this.maxContinuations = maxContinuations;
        this.detector = detector;
    }

    String heading() { return heading; }

    boolean done() { return done; }

    boolean loopDetected() { return loopDetected; }

    /**
     * The next request: the first one, or a continuation that starts the assistant turn with the text so far
     * (thinking off: the answer has begun).
     */
    GenerationRequest nextRequest() {
        if (done) throw new IllegalStateException("part '" + heading + "' is already done");
        if (stopReasons.isEmpty()) return request;
        return new GenerationRequest(request.messages(), request.rawPrompt(), request.assistantPrefix() + text,
                false, request.sampling());
    }

    /** Feeds streamed answer text to the loop detector; true when a loop has been found. */
    boolean watch(String delta) {
        return detector.append(delta);
    }

    /**
     * Takes one generation's result.
     *
     * @param result  what the generator returned (its text is the new text only, after any prefix)
     * @param watched whether its text was already fed to {@link #watch} while streaming; if not (batched
     *                generation), it is checked for loops now
     */
    void accept(GenerationResult result, boolean watched) {
        text.append(result.text());
        stopReasons.add(result.stopReason());
        generatedTokens += result.generatedTokens();
        seconds += result.timings().totalSeconds();
        if (!watched) detector.append(result.text());
        if (detector.loopDetected()) {
            text.setLength(Math.min(text.length(), detector.keepLength()));
            loopDetected = true;
            done = true;
        } else {
            done = result.stopReason() != StopReason.MAX_TOKENS
                    || stopReasons.size() > maxContinuations
                    || (budget > 0 && LengthCounter.count(text.toString(), unit) >= budget);
        }
    }

    /** The part's text: a cut-off ending trimmed to the last complete sentence. */
    String text() {
        StopReason last = stopReasons.isEmpty() ? null : stopReasons.getLast();
        boolean cutOff = !loopDetected && (last == StopReason.MAX_TOKENS || last == StopReason.CONTEXT_FULL);
        return cutOff ? Sentences.trimIncompleteEnding(text.toString()) : text.toString().strip();
    }

    PartReport report() {
        return new PartReport(heading, stopReasons, generatedTokens, seconds, loopDetected);
    }
}
