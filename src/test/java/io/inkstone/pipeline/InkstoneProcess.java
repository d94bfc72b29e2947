package io.inkstone.pipeline;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code inkstone} in its own JVM, like {@code bin/inkstone} does, for tests that signal or kill it. */
public final class InkstoneProcess {

    private InkstoneProcess() {}

    /** {@code java ... io.inkstone.cli.Main ARGS} with this JVM's class path and the flags the engine needs. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--enable-native-access") || flag.startsWith("-Dai.djl") || flag.startsWith("-DDJL")
                    || flag.startsWith("-Dfile.encoding")) {
                command.add(flag);
            }
        }
        command.add("-Dinkstone.home=" + System.getProperty("inkstone.project.dir"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.inkstone.cli.Main");
        command.addAll(List.of(args));
        return command;
    }
}
