package io.inkstone.llm.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A pull that failed; the message says what and what to do next. */
public final class HubException extends Exception {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Removes {@code unverified} (a file that must not stay) before reporting. */
    HubException(String message, Throwable cause, Path unverified) {
        super(message, cause);
        try {
            Files.deleteIfExists(unverified);
        } catch (IOException ignored) {
            // the message already says the file is not kept; a leftover .incomplete is never used as complete
        }
    }
}
