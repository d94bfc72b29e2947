package io.inkstone.compose;

/**
 * The caller cancelled a piece while it was being written. Sections finished before are in the checkpoint
 * (when one was given), so writing the same brief again resumes after them.
 */
public final class ComposeCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ComposeCancelledException(String message) {
        super(message);
    }
}
