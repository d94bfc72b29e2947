package io.inkstone.cli;

import io.inkstone.llm.hub.HubCache;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.Setting;
import io.inkstone.pipeline.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --model}, shared by {@code run}, {@code write} and {@code status}. */
final class SettingsOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE|DIR",
            description = "inkstone.properties, or the folder holding it (made by `inkstone init`); "
                    + "default: inkstone.properties in the current folder, if there is one")
    Path config;

    @Option(names = "--model", paramLabel = "DIR|ORG/NAME|openai:URL#MODEL",
            description = "the Qwen3 model folder, a Hugging Face repo id found in the hub cache, or a remote "
                    + "OpenAI-compatible server (overrides inkstone.model)")
    String model;

    /** A backend's URL-like reference ({@code openai:http://...}), not a folder. */
    static boolean isReference(String model) {
        return model.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !model.matches("^[a-zA-Z]:[\\\\/].*");
    }

    /**
     * The settings: the config file (if any), then the command line.
     *
     * @param needsInbox true for commands that work on the inbox ({@code run}, {@code status})
     * @param folders    folder options given on the command line (null values are ignored)
     * @throws ErrorHandler.UserFacingException when no settings file is found and the options do not say enough, or a
     *                                          setting is wrong
     */
    PipelineSettings load(boolean needsInbox, Map<Setting, Path> folders) {
        Path file = config != null ? PipelineSettings.configIn(config) : null;
        if (file == null && Files.isRegularFile(Path.of(PipelineSettings.FILE_NAME))) file = Path.of(PipelineSettings.FILE_NAME);
        if (file == null && needsInbox && folders.get(Setting.INBOX) == null) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, "no inkstone.properties in the current folder: create a "
                    + "folder with `inkstone init DIR` and pass --config DIR, or give --inbox (and --vault, --model)", null);
        }
        Map<Setting, String> overrides = new EnumMap<>(Setting.class);
        folders.forEach((setting, path) -> {
            if (path != null) overrides.put(setting, path.toAbsolutePath().toString());
        });
        if (model != null) overrides.put(Setting.MODEL, isReference(model) || HubCache.meansHub(model) ? model
                : Path.of(model).toAbsolutePath().toString());
        try {
            return PipelineSettings.load(file, overrides);
        } catch (SettingsException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
    }
}
