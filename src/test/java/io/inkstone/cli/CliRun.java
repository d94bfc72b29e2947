package io.inkstone.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code inkstone} command run in-process, as the CLI tests use it: exit code and what it printed. */
record CliRun(int code, String out, String err) {

    /** Runs {@code inkstone ARGS...} through {@link Main#commandLine()} and captures its output. */
    static CliRun of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
