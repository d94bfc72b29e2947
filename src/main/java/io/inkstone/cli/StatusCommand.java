package io.inkstone.cli;

import io.inkstone.brief.BriefParser;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.PipelineStatus;
import io.inkstone.pipeline.QueueSettings;
import io.inkstone.pipeline.QueueStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inkstone status [DIR]}: queued, in progress, done and failed briefs, and schedules. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what the inbox holds: queued briefs, briefs in progress, finished and failed briefs, "
                + "schedules with their next time, and whether `inkstone run` is watching it."})
public final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "the Inkstone folder, or its inkstone.properties (default: inkstone.properties in the current folder)")
    Path dir;

    @Option(names = "--recent", paramLabel = "N", description = "how many finished and failed briefs to list (default: ${DEFAULT-VALUE})")
    int recent = 10;

    @Option(names = "--queue", paramLabel = "URL", description = "the desk's broker (default: inkstone.broker.url / INKSTONE_BROKER_URL)")
    String queue;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SettingsOptions settings = new SettingsOptions();
        settings.config = dir;
        PipelineSettings s = settings.load(true, Map.of());
        PipelineStatus status = PipelineStatus.read(s, new BriefParser(s.templateLibrary().names(), s.scheduleMinInterval()));
        spec.commandLine().getOut().print(status.render(recent));
        QueueSettings broker = queue == null ? s.broker() : s.broker().withUrl(queue);
        if (broker.enabled()) spec.commandLine().getOut().print(QueueStatus.render(broker));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
