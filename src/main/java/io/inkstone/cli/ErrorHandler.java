package io.inkstone.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a command into one clear line on stderr and an {@link ExitCode}.
 * Commands should catch what they can explain; this is the last resort. Set INKSTONE_DEBUG=1 for stack traces.
 */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** An error whose message is already meant for the user; carries its exit code. */
    public static class UserFacingException extends RuntimeException {
        private final ExitCode exitCode;

        public UserFacingException(ExitCode exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        public ExitCode exitCode() { return exitCode; }
    }

    static int exitCodeFor(Throwable t) {
        if (t instanceof UserFacingException u) return u.exitCode().code();
        if (t instanceof IOException || t instanceof UncheckedIOException) return ExitCode.IO_ERROR.code();
        if (t instanceof CommandLine.ParameterException) return ExitCode.USAGE.code();
        return ExitCode.INTERNAL.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cmd.getErr().println(cmd.getColorScheme().errorText("inkstone " + cmd.getCommandName() + ": " + msg));
        if (System.getenv("INKSTONE_DEBUG") != null) ex.printStackTrace(cmd.getErr());
        else if (exitCodeFor(ex) == ExitCode.INTERNAL.code()) cmd.getErr().println("(set INKSTONE_DEBUG=1 to see the stack trace)");
        return exitCodeFor(ex);
    }
}
