package io.inkstone.pipeline;

/** A setting in {@code inkstone.properties} or on the command line is wrong; the message names it and says how to fix it. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
