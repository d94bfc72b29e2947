package io.inkstone.llm.qwen3;

/** A model folder's chat template is missing, unreadable, or not one Inkstone can render; the message says which. */
public class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
