package io.inkstone.pipeline;

/** A failure that knows the stage it happened in (so the failure report can say what to do). */
public class StageException extends RuntimeException {
    private final Stage stage;

    public StageException(Stage stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    public Stage stage() { return stage; }
}
