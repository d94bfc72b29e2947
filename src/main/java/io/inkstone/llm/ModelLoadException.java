package io.inkstone.llm;

/**
 * A model folder could not be used: a file is missing, unreadable or corrupt, the architecture is not
 * supported, or the weights do not match {@code config.json}. The message names the file and says what is
 * wrong and what to do; it is meant to be shown to the user as it is.
 */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
