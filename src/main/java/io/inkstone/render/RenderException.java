package io.inkstone.render;

/** A note could not be turned into a document (for example, it is nested too deeply even after flattening). */
public final class RenderException extends RuntimeException {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
