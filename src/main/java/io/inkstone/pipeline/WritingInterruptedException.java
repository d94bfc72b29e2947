package io.inkstone.pipeline;

/**
 * Writing stopped because Inkstone is shutting down. No note was written; the brief stays in in-progress/ and
 * resumes from its last finished section at the next start. Not a failure.
 */
public class WritingInterruptedException extends RuntimeException {
    public WritingInterruptedException(String message) {
        super(message);
    }
}
