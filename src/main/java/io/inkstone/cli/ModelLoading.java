package io.inkstone.cli;

import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.Generator;
import io.inkstone.llm.Generators;
import io.inkstone.pipeline.PipelineSettings;
import java.io.PrintWriter;
import java.util.Locale;

/** Loads the model named by the settings for {@code run} and {@code write}, telling the user what happens. */
final class ModelLoading {

    private ModelLoading() {}

    /**
     * A {@code --model} value as a folder: an existing folder, or a repo id ({@code Qwen/Qwen3-4B-Instruct-2507}) found in the
     * Hugging Face cache.
     */
    static java.nio.file.Path folder(Object reference) {
        try {
            return io.inkstone.llm.hub.HubCache.resolveModel(reference.toString());
        } catch (ModelLoadException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.MODEL_ERROR, e.getMessage(), e);
        }
    }

    /** Opens the model once; a wrong folder fails here, with the engine's message, before any brief is touched. */
    static Generator open(PipelineSettings settings, PrintWriter err) {
        err.println("loading model " + settings.model() + " ...");
        err.flush();
        LoadProgress progress = new LoadProgress() {
            private String lastStage = "";

            @Override
            public void progress(String stage, int done, int total) {
                if (!stage.equals(lastStage)) {
                    lastStage = stage;
                    err.println("  " + stage);
                    err.flush();
                }
            }
        };
        try {
            Generator engine = Generators.open(settings.model(), settings.engine(), progress);
            err.println(String.format(Locale.ROOT, "model %s loaded in %.1fs (%s)",
                    engine.modelName(), engine.loadSeconds(), engine.describe()));
            err.flush();
            return engine;
        } catch (ModelLoadException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.MODEL_ERROR, e.getMessage()
                    + " (the model folder or repo id is set by --model or inkstone.model in inkstone.properties)", e);
        }
    }
}
