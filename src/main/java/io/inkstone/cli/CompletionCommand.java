package io.inkstone.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code inkstone completion}: prints a bash/zsh completion script ({@code source <(inkstone completion)}). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a completion script for bash (and zsh with bashcompinit) for every command and option.",
                "Use it with: source <(inkstone completion)   (or save it under /etc/bash_completion.d/inkstone)"})
public final class CompletionCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("inkstone", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCode.OK.code();
    }
}
