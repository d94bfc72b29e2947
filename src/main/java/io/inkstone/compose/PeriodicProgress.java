package io.inkstone.compose;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines for a log or a pipe (where a redrawn line would be garbage): a line when a stage or a
 * section starts, and while tokens come, one line at most every {@code interval}:
 * {@code [sections] 2/5 Heading  312 tokens  11.8 tok/s  ETA 3m12s}. Thread-safe.
 */
public final class PeriodicProgress implements ComposeProgress {

    /** The interval {@code inkstone run} and {@code inkstone write} use. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Consumer<String> sink;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private String stage = "";
    private String section = "";
    private long lastLineNanos;

    /**
     * @param sink     takes each line (without a line break)
     * @param interval the least time between two token lines
     * @param nanoTime the clock ({@code System::nanoTime}; tests pass their own)
     */
    public PeriodicProgress(Consumer<String> sink, Duration interval, LongSupplier nanoTime) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastLineNanos = nanoTime.getAsLong();
    }

    /** Lines every {@link #DEFAULT_INTERVAL} on the system clock. */
    public static PeriodicProgress every10Seconds(Consumer<String> sink) {
        return new PeriodicProgress(sink, DEFAULT_INTERVAL, System::nanoTime);
    }

    @Override
    public synchronized void stage(String name) {
        stage = name;
        section = "";
        emit("[" + name + "]");
    }

    @Override
    public synchronized void section(int index, int count, String heading) {
        section = index + "/" + count + " " + heading;
        emit("[" + stage + "] section " + section);
    }

    @Override
    public synchronized void tokens(int generated, double tokensPerSecond, Duration eta) {
        if (nanoTime.getAsLong() - lastLineNanos < intervalNanos) return;
        emit(line(stage, section, generated, tokensPerSecond, eta));
    }

    @Override
    public synchronized void note(String message) {
        emit("note: " + message);
    }

    private void emit(String line) {
        lastLineNanos = nanoTime.getAsLong();
        sink.accept(line);
    }

    /** {@code [stage] i/n Heading  N tokens  X tok/s  ETA t} ({@code ? tok/s}, {@code ETA ?} when unknown). */
    public static String line(String stage, String section, int generated, double tokensPerSecond, Duration eta) {
        return String.format(Locale.ROOT, "[%s] %s%d tokens  %s tok/s  ETA %s", stage, section.isEmpty() ? "" : section + "  ",
                generated, tokensPerSecond > 0 ? String.format(Locale.ROOT, "%.1f", tokensPerSecond) : "?",
                eta.isZero() ? "?" : format(eta));
    }

    /** {@code 45s}, {@code 3m12s}, {@code 1h5m}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60) + "m" : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
