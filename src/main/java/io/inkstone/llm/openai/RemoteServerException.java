package io.inkstone.llm.openai;

import io.inkstone.llm.ModelLoadException;

/**
 * The remote server could not be reached, refused a request or broke off an answer. The message names the server
 * (never the API key) and says what to do.
 */
public final class RemoteServerException extends ModelLoadException {

    public RemoteServerException(String message) {
        super(message);
    }

    public RemoteServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
