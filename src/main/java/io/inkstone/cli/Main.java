package io.inkstone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code inkstone} command. Each leaf command is a {@code Callable<Integer>} returning an {@link ExitCode}. */
@Command(
        name = "inkstone",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Local AI writing pipeline: YAML briefs in, Markdown notes (with PDF and EPUB) out, written by a local Qwen3 model.",
        subcommands = {
                CommandLine.HelpCommand.class,
                // one line per command; keep alphabetical
                BenchCommand.class,
                CompletionCommand.class,
                DoctorCommand.class,
                BrokerCommand.class,
                ExportCommand.class,
                GenerateCommand.class,
                InitCommand.class,
                ModelCommand.class,
                PromptCommand.class,
                RunCommand.class,
                ServeCommand.class,
                StatusCommand.class,
                ValidateCommand.class,
                WorkerCommand.class,
                WriteCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with shared settings (exit-code help, error mapping). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExitCodeExceptionMapper(ErrorHandler::exitCodeFor);
        applyExitCodeHelp(cl);
        return cl;
    }

    private static void applyExitCodeHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().footer(String.format(ExitCode.helpTable()));
        for (CommandLine sub : cl.getSubcommands().values()) applyExitCodeHelp(sub);
    }

    public static void main(String[] args) {
        quietLibraries();
        System.exit(commandLine().execute(args));
    }

    /**
     * Log levels of the libraries that log through java.util.logging (openhtmltopdf: every CSS and font step at
     * INFO); the SLF4J ones are set in {@code simplelogger.properties}. Done here, once, not in library classes.
     */
    static void quietLibraries() {
        com.openhtmltopdf.util.XRLog.listRegisteredLoggers()
                .forEach(name -> com.openhtmltopdf.util.XRLog.setLevel(name, java.util.logging.Level.WARNING));
    }
}
