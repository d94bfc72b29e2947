package io.inkstone.cli;

import io.inkstone.llm.Generator;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.http.FrontDoor;
import io.inkstone.pipeline.http.HttpOptions;
import io.inkstone.prompt.TemplateLibrary;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Builds the HTTP front door (API and dashboard) for {@code run} and {@code serve}. */
final class Desk {
    private Desk() {}

    static FrontDoor frontDoor(HttpOptions options, Supplier<Generator> model, PipelineSettings settings, TemplateLibrary templates, PrintWriter err) {
        return new FrontDoor(options, model).whenListening(url -> {
            err.println("dashboard and OpenAI-compatible API on " + url + (options.token() != null ? " (token required)" : "")
                    + "; API base URL " + url + "v1");
            err.flush();
        });
    }
}
