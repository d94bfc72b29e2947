package io.inkstone.cli;

import io.inkstone.llm.Generator;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.QueueSettings;
import io.inkstone.pipeline.QueueWorker;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inkstone worker --queue tcp://HOST:61616 --model DIR}: writes briefs a desk published to the broker. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Take briefs from a desk's broker queue one at a time, write each with this machine's model (or a",
                "remote server: --model openai:http://HOST:PORT/v1#MODEL) and send the note back to the desk, until Ctrl-C.",
                "Any number of workers may share a queue. A worker stopped or killed mid-brief gives it back to the broker,",
                "and another worker writes it. Every log line starts with the worker's id. Details: docs/SCALE.md."})
public final class WorkerCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions settings;

    @Option(names = "--queue", paramLabel = "URL",
            description = "the broker, e.g. tcp://HOST:61616 (overrides inkstone.broker.url / INKSTONE_BROKER_URL)")
    String queue;

    @Option(names = "--id", paramLabel = "ID", description = "this worker's name in logs and status (default: HOST-PID)")
    String id;

    @Option(names = "--work", paramLabel = "DIR",
            description = "where checkpoints of briefs being written are kept (default: ./inkstone-worker-ID)")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String workerId = id != null ? id : defaultId();
        if (!workerId.matches("[A-Za-z0-9_.@-]{1,64}")) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, "--id " + workerId + ": use up to 64 letters, digits, '.', '-', '_' or '@'", null);
        }
        prefixStandardError("[" + workerId + "] ");
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        PipelineSettings s = settings.load(false, Map.of());
        QueueSettings broker = queue == null ? s.broker() : s.broker().withUrl(queue);
        if (!broker.enabled()) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, "no broker: give --queue tcp://HOST:61616 (the desk's broker), "
                    + "or set inkstone.broker.url or INKSTONE_BROKER_URL", null);
        }
        TemplateLibrary templates;
        try {
            templates = s.templateLibrary();
        } catch (TemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
        Generator model = ModelLoading.open(s, err);
        QueueWorker worker;
        try {
            worker = QueueWorker.start(workerId, broker, s, templates, model,
                    (work != null ? work : Path.of("inkstone-worker-" + workerId)).toAbsolutePath());
        } catch (Exception e) {
            model.close();
            throw new ErrorHandler.UserFacingException(ExitCode.IO_ERROR, "cannot connect to the broker at " + broker.redactedUrl() + ": "
                    + e.getMessage() + " (start it with `inkstone broker`, or check the URL)", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            model.close();
            stopped.countDown();
        }, "inkstone-worker-stop"));
        err.println("worker " + workerId + " takes briefs from " + broker.redactedUrl() + " (" + broker.briefsQueue() + "); Ctrl-C stops");
        stopped.await();
        return ExitCode.OK.code();
    }

    private static String defaultId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "worker";
        }
        return (host.replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + ProcessHandle.current().pid());
    }

    /** Every line on stderr (Inkstone's, Camel's, ActiveMQ's) starts with the worker's id. */
    private static void prefixStandardError(String prefix) {
        OutputStream raw = new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.err), 8192);
        byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        OutputStream prefixed = new OutputStream() {
            private boolean lineStart = true;

            @Override
            public synchronized void write(int b) throws java.io.IOException {
                if (lineStart) raw.write(bytes);
                raw.write(b);
                lineStart = b == '\n';
                if (lineStart) raw.flush();
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
                for (int i = off; i < off + len; i++) write(b[i]);
            }

            @Override
            public void flush() throws java.io.IOException {
                raw.flush();
            }
        };
        System.setErr(new PrintStream(prefixed, true, StandardCharsets.UTF_8));
    }
}
