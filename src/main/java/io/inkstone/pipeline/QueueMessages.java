package io.inkstone.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import io.inkstone.compose.ComposedPiece;
import io.inkstone.compose.PartReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * What travels on the broker. A brief message is the brief's YAML text as it was dropped (a JMS text message), with
 * headers naming its claim, file name and the desk's attempt limit. A result message is JSON: the piece a worker
 * composed, or the failure that made it give up; it echoes the brief's text so the desk files exactly what it sent.
 */
final class QueueMessages {

    /** The claim id: the idempotency key of a brief on the broker (in-progress/&lt;claim&gt;/ on the desk). */
    static final String CLAIM = "inkstoneClaim";
    /** The brief's file name. */
    static final String BRIEF = "inkstoneBrief";
    /** For a schedule firing: the schedule file on the desk. */
    static final String SCHEDULE = "inkstoneSchedule";
    /** Deliveries after which a worker gives up on a brief and reports it failed. */
    static final String MAX_ATTEMPTS = "inkstoneMaxAttempts";
    /** The worker's id (events and results). */
    static final String WORKER = "inkstoneWorker";
    /** ActiveMQ's delivery count (1 for the first delivery). */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private QueueMessages() {}

    /** A composed piece as JSON (its duration in milliseconds). */
    record Piece(String title, String markdown, int targetValue, LengthUnit targetUnit, int achievedLength,
                 List<PartReport> parts, int totalGeneratedTokens, long tookMillis, String modelName) {

        static Piece of(ComposedPiece p) {
            return new Piece(p.title(), p.markdown(), p.target().value(), p.target().unit(), p.achievedLength(), p.parts(),
                    p.totalGeneratedTokens(), p.took().toMillis(), p.modelName());
        }

        ComposedPiece toPiece() {
            return new ComposedPiece(title, markdown, new Length(targetValue, targetUnit), achievedLength, parts,
                    totalGeneratedTokens, Duration.ofMillis(tookMillis), modelName);
        }
    }

    /**
     * A worker's answer for one brief.
     *
     * @param claim    the brief's claim
     * @param brief    its file name
     * @param schedule the schedule file for a firing, else null
     * @param yaml     the brief's text, as the desk sent it
     * @param worker   the worker's id
     * @param attempt  which delivery this was
     * @param piece    the composed piece, or null when it failed
     * @param stage    the stage that failed ({@link Stage#label()}), or null
     * @param errors   the failure's messages, outermost first (empty on success)
     */
    record Result(String claim, String brief, String schedule, String yaml, String worker, int attempt, Piece piece,
                  String stage, List<String> errors) {

        boolean ok() { return piece != null; }

        String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Result fromJson(String json) throws IOException {
            return JSON.readValue(json, Result.class);
        }
    }

    /** A worker's notice that it started a brief (for {@code inkstone status}). */
    record Taken(String claim, String brief, String worker, int attempt) {
        String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Taken fromJson(String json) throws IOException {
            return JSON.readValue(json, Taken.class);
        }
    }
}
