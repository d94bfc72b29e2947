package io.inkstone.cli;

import io.inkstone.pipeline.EmbeddedBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code inkstone broker [--port 61616] [--host 0.0.0.0] [--data DIR]}: an embedded, persistent ActiveMQ broker. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a persistent Apache ActiveMQ (Classic) broker for a desk (`inkstone run --queue`) and its workers",
                "(`inkstone worker --queue`), until Ctrl-C. Queued briefs survive a restart (KahaDB in --data). A real",
                "deployment can point desks and workers at its existing ActiveMQ instead. Clients must log in when",
                "INKSTONE_BROKER_USER and INKSTONE_BROKER_PASSWORD are set. Details: docs/SCALE.md."})
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "OpenWire port (default: ${DEFAULT-VALUE})")
    int port = 61616;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "address to listen on: 0.0.0.0 for every interface, 127.0.0.1 for this machine only (default: ${DEFAULT-VALUE})")
    String host = "0.0.0.0";

    @Option(names = "--data", paramLabel = "DIR", description = "where queued messages are kept (default: ${DEFAULT-VALUE})")
    Path data = Path.of("broker-data");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, "--port must be from 0 to 65535, got " + port, null);
        }
        String user = System.getenv().getOrDefault("INKSTONE_BROKER_USER", "");
        EmbeddedBroker broker;
        try {
            broker = EmbeddedBroker.start(data.toAbsolutePath(), host, port, user, System.getenv().getOrDefault("INKSTONE_BROKER_PASSWORD", ""));
        } catch (Exception e) {
            throw new ErrorHandler.UserFacingException(ExitCode.IO_ERROR, "cannot start the broker on " + host + ":" + port + " with data in "
                    + data.toAbsolutePath() + ": " + e.getMessage() + " (another broker on that port? use --port, or --data for another folder)", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }, "inkstone-broker-stop"));
        err.println("broker listening on " + broker.uri() + " (data in " + data.toAbsolutePath() + (user.isEmpty() ? "" : ", login required")
                + "); desks: inkstone run --queue tcp://HOST:" + broker.port() + ", workers: inkstone worker --queue tcp://HOST:"
                + broker.port() + "; Ctrl-C stops");
        err.flush();
        stopped.await();
        return ExitCode.OK.code();
    }
}
