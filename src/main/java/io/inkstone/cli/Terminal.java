package io.inkstone.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether output goes to a terminal (progress is redrawn there) or to a log or a pipe (progress is plain lines). */
final class Terminal {

    private Terminal() {}

    /**
     * True when stderr is a terminal. On Linux, from what file descriptor 2 is ({@code /dev/pts/N}, {@code /dev/ttyN});
     * elsewhere, from {@link Console#isTerminal()} (since Java 22 {@code System.console()} is not null for redirected
     * output, so it alone cannot tell).
     */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd2)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
            } catch (IOException | UnsupportedOperationException e) {
                // fall through to the console
            }
        }
        Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    /** True for a terminal device path: {@code /dev/pts/3}, {@code /dev/tty1}, {@code /dev/console}. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
