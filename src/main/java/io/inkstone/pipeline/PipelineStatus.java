package io.inkstone.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the inbox holds, for {@code inkstone status}: queued briefs, briefs in progress (with their checkpoint),
 * recently finished and failed briefs, and schedules with their next firing. Reads folders and the ledger only.
 *
 * @param inbox      the inbox folder
 * @param watcher    the process id of the {@code inkstone run} watching this inbox, or null when none is
 * @param queued     brief files waiting in the inbox
 * @param inProgress briefs being written (or left by a stop: they resume at the next start)
 * @param done       finished briefs, newest first
 * @param failed     briefs in failed/, newest first
 * @param schedules  schedule briefs in schedules/
 */
public record PipelineStatus(Path inbox, String watcher, List<String> queued, List<InProgress> inProgress, List<Done> done,
                             List<Failed> failed, List<ScheduleEntry> schedules) {

    /** @param progress e.g. "2 of 5 sections written", or "" */
    public record InProgress(String name, String claim, String progress) {}

    /** @param at when it was archived (ISO instant); {@code note} the note written; {@code seconds} how long it took */
    public record Done(String name, String at, String note, Double seconds) {}

    /** @param reason the first line of what went wrong (from its report) */
    public record Failed(String name, String reason) {}

    /** @param next the next firing (local time in its zone), or the reason it is not registered */
    public record ScheduleEntry(String name, String cron, String timezone, String next, boolean failing) {}

    /** Reads the state of the inbox named by {@code settings}. */
    public static PipelineStatus read(PipelineSettings settings, BriefParser parser) throws IOException {
        InboxFolders f = settings.folders();
        Inbox inbox = new Inbox(f, java.time.Clock.systemDefaultZone());
        List<String> queued = briefNames(f.inbox());

        List<InProgress> inProgress = new ArrayList<>();
        Ledger ledger = new Ledger(f.ledger());
        for (Path file : Files.isDirectory(f.inProgress()) ? inbox.inProgress() : List.<Path>of()) {
            String claim = Inbox.claimOf(file);
            String progress = checkpointProgress(f.checkpoint(claim));
            var taken = ledger.last(claim, Ledger.Event.TAKEN); // a desk with a broker: which worker writes it
            if (taken.isPresent()) progress = "worker " + taken.get().detail() + (progress.isEmpty() ? "" : ", " + progress);
            else if (ledger.last(claim, Ledger.Event.QUEUED).isPresent()) progress = "in the broker's queue" + (progress.isEmpty() ? "" : ", " + progress);
            inProgress.add(new InProgress(file.getFileName().toString(), claim, progress));
        }

        List<Done> done = new ArrayList<>();
        for (Ledger.Entry e : new Ledger(f.ledger()).entries()) {
            if (e.event() == Ledger.Event.ARCHIVED || e.event() == Ledger.Event.FIRED) {
                done.add(new Done(e.brief(), e.at(), e.note(), e.seconds()));
            }
        }
        done.sort(Comparator.comparing(Done::at).reversed());

        List<Failed> failed = new ArrayList<>();
        for (Path file : newestFirst(briefFiles(f.failed()))) {
            failed.add(new Failed(file.getFileName().toString(), reason(Inbox.errorReportFor(file))));
        }

        List<ScheduleEntry> schedules = new ArrayList<>();
        for (Path file : briefFiles(f.schedules())) {
            String name = file.getFileName().toString();
            boolean failing = Files.exists(Inbox.errorReportFor(file));
            BriefParseResult result = parser.parse(file);
            Schedule s = result.ok() ? result.brief().schedule() : null;
            if (s == null) {
                schedules.add(new ScheduleEntry(name, "", "", "not registered: " + reason(Inbox.errorReportFor(file)), true));
            } else {
                schedules.add(new ScheduleEntry(name, s.cron(), ScheduleRegistry.zone(s).getId(), ScheduleRegistry.nextFiring(s), failing));
            }
        }
        return new PipelineStatus(f.inbox(), RunLock.runningProcess(f.runLock()), queued, inProgress, done, failed, schedules);
    }

    /** The status as text for the terminal, with at most {@code recent} finished and failed briefs listed. */
    public String render(int recent) {
        StringBuilder sb = new StringBuilder();
        sb.append("inbox:       ").append(inbox).append('\n');
        sb.append("watcher:     ").append(watcher == null ? "not running (start it with `inkstone run`)" : "running (process " + watcher + ")").append('\n');
        section(sb, "queued", queued.size(), queued, recent);
        section(sb, "in progress", inProgress.size(),
                inProgress.stream().map(p -> p.name() + "  (claimed " + p.claim() + (p.progress().isEmpty() ? "" : ", " + p.progress()) + ")").toList(),
                recent);
        section(sb, "done", done.size(), done.stream().map(d -> d.name() + "  " + d.at().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z")
                + (d.seconds() == null ? "" : String.format(Locale.ROOT, "  %.1fs", d.seconds())) + "  -> " + d.note()).toList(), recent);
        section(sb, "failed", failed.size(), failed.stream().map(x -> x.name() + "  " + x.reason()).toList(), recent);
        section(sb, "schedules", schedules.size(), schedules.stream().map(s -> s.cron().isEmpty() ? s.name() + "  " + s.next()
                : s.name() + "  \"" + s.cron() + "\" " + s.timezone() + "  next " + s.next() + (s.failing() ? "  (last run failed: see its .error.md)" : ""))
                .toList(), Integer.MAX_VALUE);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, int count, List<String> lines, int limit) {
        sb.append(String.format(Locale.ROOT, "%-12s %d%n", title + ":", count));
        lines.stream().limit(limit).forEach(l -> sb.append("  ").append(l).append('\n'));
        if (lines.size() > limit) sb.append("  ... and ").append(lines.size() - limit).append(" more\n");
    }

    private static List<String> briefNames(Path dir) throws IOException {
        return briefFiles(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static List<Path> briefFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && Inbox.isBriefName(p.getFileName().toString())).sorted().toList();
        }
    }

    private static List<Path> newestFirst(List<Path> files) {
        return files.stream().sorted(Comparator.comparing((Path p) -> {
            try {
                return Files.getLastModifiedTime(Files.exists(Inbox.errorReportFor(p)) ? Inbox.errorReportFor(p) : p).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }).reversed()).toList();
    }

    /** The first line of a report's "What went wrong" block, or "" when there is no report. */
    private static String reason(Path report) throws IOException {
        if (Files.notExists(report)) return "";
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        int start = lines.indexOf("```text");
        return start >= 0 && start + 1 < lines.size() ? lines.get(start + 1) : "";
    }

    /** "2 of 5 sections written" from a composition checkpoint, or "" without one. */
    private static String checkpointProgress(Path checkpoint) {
        if (Files.notExists(checkpoint)) return "";
        try {
            JsonNode json = new ObjectMapper().readTree(checkpoint.toFile());
            return json.path("sections").size() + " of " + json.path("outline").size() + " sections written";
        } catch (IOException e) {
            return "checkpoint unreadable";
        }
    }
}
