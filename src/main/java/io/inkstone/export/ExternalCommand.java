package io.inkstone.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program with a time limit and collects its exit status and output (stdout and stderr together). */
final class ExternalCommand {
    private ExternalCommand() {}

    /**
     * The outcome of a run.
     *
     * @param exitCode the exit status, or -1 when the program could not be started or ran out of time
     * @param output   what it printed (stdout and stderr), or why it could not run
     */
    record Result(int exitCode, String output) {
        boolean ok() { return exitCode == 0; }

        /** The last lines of the output, for error messages. */
        String tail(int lines) {
            List<String> all = output.strip().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /** Runs {@code command} in {@code workingDirectory} (null: the current one), waiting at most {@code timeoutSeconds}. */
    static Result run(List<String> command, Path workingDirectory, long timeoutSeconds) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("inkstone-command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            if (workingDirectory != null) builder.directory(workingDirectory.toFile());
            process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, command.get(0) + " could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            if (process != null) process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, command.get(0) + " was interrupted");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover log in the temp folder is harmless
                }
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
