package io.inkstone.cli;

import io.inkstone.llm.Generator;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.http.FrontDoor;
import io.inkstone.pipeline.http.HttpOptions;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code inkstone serve}: the dashboard and the OpenAI-compatible API on the loaded model, without the inbox watcher. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the OpenAI-compatible API (and the dashboard) on the model, without watching the inbox: for editors and tools",
                "that speak the OpenAI API. Binds 127.0.0.1:8731 by default (--host, --port, --token; docs/SERVER.md). Runs until Ctrl-C."})
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions settings;

    @Mixin
    HttpArguments http;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PipelineSettings s = settings.load(false, Map.of());
        HttpOptions options = http.options(s);
        TemplateLibrary templates;
        try {
            templates = s.templateLibrary();
        } catch (TemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        try (Generator model = ModelLoading.open(s, err)) {
            FrontDoor door = Desk.frontDoor(options, () -> model, s, templates, null, err);
            AutoCloseable server;
            try {
                server = door.startAlone("inkstone-serve");
            } catch (IllegalStateException e) {
                throw new ErrorHandler.UserFacingException(ExitCode.IO_ERROR, e.getMessage(), e);
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // stopping anyway
                }
                stopped.countDown();
            }, "inkstone-serve-stop"));
            err.println("serving until Ctrl-C");
            err.flush();
            stopped.await();
        }
        return ExitCode.OK.code();
    }
}
