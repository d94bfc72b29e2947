package io.inkstone.pipeline;

import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.CronRules;
import io.inkstone.brief.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.quartz.CronExpression;

/**
 * Keeps one Quartz route per schedule brief in {@code schedules/} (route template {@code scheduled-brief} in
 * {@code routes/schedules.camel.yaml}): a new file is registered, a changed file re-registered, a deleted file's
 * job removed. A schedule brief dropped into the inbox is moved here. Jobs live in memory only, so firings missed
 * while Inkstone was stopped are skipped, never made up in a burst.
 */
public final class ScheduleRegistry {

    /** Header with the job id of the schedule a firing is for (set by the route template; a hex digest, never a path). */
    public static final String JOB_HEADER = "inkstoneScheduleJob";
    static final String TEMPLATE_ID = "scheduled-brief";
    private static final java.util.regex.Pattern SAFE_ZONE = java.util.regex.Pattern.compile("[A-Za-z0-9_+\\-/]+");

    private final Inbox inbox;
    private final Ledger ledger;
    private final BriefParser parser;
    private final Clock clock;
    /** file name -> what is registered for it (or the broken version that was reported) */
    private final Map<String, Registration> registered = new HashMap<>();
    /** job id -> the schedule brief it fires (looked up in code: the route template never sees a file name) */
    private final Map<String, Path> filesByJob = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param routeId     the Camel route id, or null when the file's current version is broken (reported beside it)
     * @param fingerprint size and modification time of the version seen
     */
    private record Registration(String routeId, String fingerprint) {}

    ScheduleRegistry(Inbox inbox, Ledger ledger, BriefParser parser, Clock clock) {
        this.inbox = inbox;
        this.ledger = ledger;
        this.parser = parser;
        this.clock = clock;
    }

    /** Routes inbox and resume: moves a validated schedule brief from in-progress/ to schedules/ and registers it. */
    public synchronized void adopt(BriefJob job, CamelContext camel) throws Exception {
        job.stage(Stage.SCHEDULE);
        awaitStarted(camel);
        Path dir = inbox.folders().schedules();
        Files.createDirectories(dir);
        Path target = dir.resolve(job.name());
        if (Files.exists(target)) {
            unregister(camel, job.name());
            inbox.archive(target); // the older version of this schedule: kept in the archive, replaced here
        }
        Files.move(job.file(), target);
        if (inbox.isClaimed(job.file())) Files.deleteIfExists(job.file().getParent());
        Schedule schedule = job.brief().schedule();
        register(camel, target, schedule);
        ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.SCHEDULED, job.claim(), job.name()).withDetail(target.toString()));
        BriefStages.LOG.info("brief=" + job.name() + " outcome=scheduled cron=\"" + schedule.cron() + "\" timezone="
                + zone(schedule).getId() + " next=" + nextFiring(schedule) + " file=" + target);
    }

    /** Route schedules: brings the registered jobs in line with the files in schedules/. */
    public synchronized void sync(CamelContext camel) throws Exception {
        if (!camel.isStarted()) return; // a route added while Camel is still starting is lost: the next scan does it
        Map<String, Path> present = new TreeMap<>();
        Path dir = inbox.folders().schedules();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> Files.isRegularFile(p) && Inbox.isBriefName(p.getFileName().toString()))
                        .forEach(p -> present.put(p.getFileName().toString(), p));
            }
        }
        for (String name : registered.keySet().stream().filter(n -> !present.containsKey(n)).toList()) {
            unregister(camel, name);
            BriefStages.LOG.info("schedule=" + name + " outcome=removed (its file left schedules/)");
        }
        for (Path file : present.values()) {
            try {
                syncOne(camel, file);
            } catch (Exception e) {
                // one bad schedule file gets its report; the others are still registered and keep firing
                String name = file.getFileName().toString();
                try {
                    unregister(camel, name);
                    registered.put(name, new Registration(null, fingerprint(file)));
                    inbox.reportBeside(file, FailureReport.render(file, FailureReport.Placement.SCHEDULE_NOT_REGISTERED,
                            FailureReport.stageOf(e, Stage.SCHEDULE), e, ZonedDateTime.now(clock)));
                } catch (Exception reportFailure) {
                    e.addSuppressed(reportFailure);
                }
                BriefStages.LOG.warn("schedule=" + name + " outcome=failed stage=schedule error=" + BriefStages.firstLine(e));
            }
        }
    }

    private void syncOne(CamelContext camel, Path file) throws Exception {
        {
            String name = file.getFileName().toString();
            String fingerprint = fingerprint(file);
            Registration known = registered.get(name);
            if (known != null && known.fingerprint().equals(fingerprint)) return;
            BriefParseResult result = parser.parse(file);
            if (!result.ok() || result.brief().schedule() == null) {
                unregister(camel, name);
                Throwable problem = result.ok()
                        ? new StageException(Stage.SCHEDULE, "this brief has no `schedule:`; a brief in schedules/ needs one "
                                + "(to write it once, move it into the inbox)", null)
                        : new BriefRejectedException(result.problems());
                inbox.reportBeside(file, FailureReport.render(file, FailureReport.Placement.SCHEDULE_NOT_REGISTERED,
                        FailureReport.stageOf(problem, Stage.SCHEDULE), problem,
                        ZonedDateTime.now(clock)));
                registered.put(name, new Registration(null, fingerprint));
                BriefStages.LOG.warn("schedule=" + name + " outcome=failed stage=schedule report=" + Inbox.errorReportFor(file)
                        + " error=" + BriefStages.firstLine(problem));
                return;
            }
            register(camel, file, result.brief().schedule());
            BriefStages.LOG.info("schedule=" + name + " outcome=" + (known == null ? "registered" : "updated") + " cron=\""
                    + result.brief().schedule().cron() + "\" next=" + nextFiring(result.brief().schedule()));
        }
    }

    /** Route scheduled-brief: the job for one firing of the schedule registered under {@code jobId}. */
    public BriefJob firing(@Header(JOB_HEADER) String jobId) {
        Path file = jobId == null ? null : filesByJob.get(jobId);
        if (file == null) throw new StageException(Stage.SCHEDULE, "no schedule is registered as job " + jobId, null);
        return BriefJob.scheduled(file, clock.instant());
    }

    /** Route scheduled-brief: logs the firing and clears an old error report (the schedule works again). */
    public void fired(BriefJob job) throws IOException {
        if (job.queued()) { // a desk with a broker: the note is filed when a worker's result comes back
            BriefStages.LOG.info(BriefStages.line(job, "queued", 0) + " schedule=" + job.name());
            return;
        }
        inbox.clearReportBeside(job.file());
        double seconds = (clock.millis() - job.started().toEpochMilli()) / 1000.0;
        ledger.append(Ledger.Entry.of(clock.instant(), Ledger.Event.FIRED, null, job.name())
                .withNote(job.note().note().toString()).withSeconds(seconds));
        BriefStages.LOG.info(BriefStages.line(job, "done", seconds) + " schedule=" + job.name() + " note=" + job.note().note());
    }

    private void register(CamelContext camel, Path file, Schedule schedule) throws Exception {
        String name = file.getFileName().toString();
        unregister(camel, name);
        String problem = CronRules.problem(schedule.cron(), parser.minScheduleInterval());
        if (problem != null) {
            throw new StageException(Stage.SCHEDULE, "the schedule `" + schedule.cron() + "` cannot be registered: " + problem, null);
        }
        String zone = zone(schedule).getId();
        if (!SAFE_ZONE.matcher(zone).matches()) {
            throw new StageException(Stage.SCHEDULE, "the time zone `" + zone + "` cannot be used; use a region id such as Asia/Shanghai", null);
        }
        String job = jobName(name);
        String routeId = "schedule-" + job;
        filesByJob.put(job, file);
        TemplatedRouteBuilder.builder(camel, TEMPLATE_ID)
                .routeId(routeId)
                .parameter("jobName", job)
                .parameter("cron", schedule.cron())
                .parameter("timezone", zone)
                .add();
        registered.put(name, new Registration(routeId, fingerprint(file)));
        inbox.clearReportBeside(file);
    }

    /**
     * Waits until Camel has started (a schedule brief resumed at start can get here first): routes added while Camel
     * is still starting are not started.
     */
    private static void awaitStarted(CamelContext camel) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!camel.isStarted()) {
            if (camel.isStopping() || camel.isStopped() || System.nanoTime() > deadline) {
                throw new WritingInterruptedException("Inkstone is not running; the schedule is registered at the next start");
            }
            Thread.sleep(10);
        }
    }

    private void unregister(CamelContext camel, String name) throws Exception {
        Registration old = registered.remove(name);
        filesByJob.remove(jobName(name));
        if (old == null || old.routeId() == null) return;
        camel.getRouteController().stopRoute(old.routeId());
        camel.removeRoute(old.routeId());
    }

    /** When a schedule fires next, in its time zone (for logs and {@code inkstone status}). */
    static String nextFiring(Schedule schedule) {
        try {
            CronExpression cron = new CronExpression(schedule.cron());
            cron.setTimeZone(TimeZone.getTimeZone(zone(schedule)));
            java.util.Date next = cron.getNextValidTimeAfter(new java.util.Date());
            return next == null ? "never" : next.toInstant().atZone(zone(schedule)).toLocalDateTime().toString();
        } catch (java.text.ParseException e) {
            return "invalid cron: " + e.getMessage();
        }
    }

    static ZoneId zone(Schedule schedule) {
        return schedule.timezone() == null || schedule.timezone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(schedule.timezone());
    }

    /** A short, URI-safe Quartz job name for a file name (which may hold spaces or Chinese). */
    static String jobName(String fileName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fileName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static String fingerprint(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
    }
}
