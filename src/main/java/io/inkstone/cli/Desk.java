package io.inkstone.cli;

import io.inkstone.brief.BriefParser;
import io.inkstone.llm.Generator;
import io.inkstone.pipeline.InkstonePipeline;
import io.inkstone.pipeline.http.Dashboard;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.http.FrontDoor;
import io.inkstone.pipeline.http.HttpOptions;
import io.inkstone.prompt.TemplateLibrary;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Builds the HTTP front door (API and dashboard) for {@code run} and {@code serve}. */
final class Desk {
    private Desk() {}

    /** @param pipeline the running watcher, or null for {@code serve} */
    static FrontDoor frontDoor(HttpOptions options, Supplier<Generator> model, PipelineSettings settings, TemplateLibrary templates,
                               InkstonePipeline pipeline, PrintWriter err) {
        FrontDoor door = new FrontDoor(options, model);
        new Dashboard(settings, new BriefParser(templates.names(), settings.scheduleMinInterval()), pipeline, model).installOn(door);
        return door.whenListening(url -> {
            err.println("dashboard and OpenAI-compatible API on " + url + (options.token() != null ? " (token required)" : "")
                    + "; API base URL " + url + "v1");
            err.flush();
        });
    }
}
