package io.inkstone.prompt;

import java.util.Collection;

/** No template has the requested name; the message lists the names that exist. */
public class UnknownTemplateException extends TemplateException {

    private final String name;

    public UnknownTemplateException(String name, Collection<String> available) {
        super("unknown template '" + name + "'; available templates: " + String.join(", ", available)
                + " (to add one, put " + name + ".md in your templates folder; see docs/TEMPLATES.md)");
        this.name = name;
    }

    /** The name that was asked for. */
    public String name() {
        return name;
    }
}
