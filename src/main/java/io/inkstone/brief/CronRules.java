package io.inkstone.brief;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Checks a Quartz cron expression beyond what Quartz itself refuses: every field's numbers are in range (Quartz
 * accepts {@code 99 99 * * * ?} and then fires again and again), and the firings are at least a minimum interval
 * apart (a note per second is refused). Used when a brief is validated and again by the code that registers a
 * schedule, so nothing reaches the scheduler unchecked.
 */
public final class CronRules {
    /** The shortest interval between two firings unless the setting {@code inkstone.schedule.minInterval} says otherwise. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(1);
    private static final int FIRINGS_CHECKED = 60;

    private record Field(String name, int min, int max, Map<String, Integer> names) {}

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5,
            "FRI", 6, "SAT", 7);
    private static final Field[] FIELDS = {
        new Field("second", 0, 59, Map.of()), new Field("minute", 0, 59, Map.of()), new Field("hour", 0, 23, Map.of()),
        new Field("day of month", 1, 31, Map.of()), new Field("month", 1, 12, MONTHS),
        new Field("day of week", 1, 7, DAYS), new Field("year", 1970, 2199, Map.of())};

    private CronRules() {}

    /**
     * Why a Quartz cron expression cannot be a schedule, or null when it can.
     *
     * @param quartz      seconds-first Quartz form (6 or 7 fields)
     * @param minInterval the shortest allowed time between two firings
     */
    public static String problem(String quartz, Duration minInterval) {
        if (quartz == null) return "there is no cron expression";
        String[] fields = quartz.strip().split("\\s+");
        if (fields.length != 6 && fields.length != 7) return "a Quartz cron expression has 6 or 7 fields, this one has " + fields.length;
        for (int i = 0; i < fields.length; i++) {
            String problem = checkField(fields[i], FIELDS[i]);
            if (problem != null) return problem;
        }
        CronExpression cron;
        try {
            cron = new CronExpression(quartz);
        } catch (ParseException | RuntimeException e) {
            return e.getMessage() == null ? "the scheduler cannot read it" : e.getMessage();
        }
        cron.setTimeZone(TimeZone.getTimeZone("UTC"));
        Date previous = cron.getNextValidTimeAfter(new Date());
        if (previous == null) return "it never fires";
        for (int i = 0; i < FIRINGS_CHECKED; i++) {
            Date next = cron.getNextValidTimeAfter(previous);
            if (next == null) break;
            long gap = next.getTime() - previous.getTime();
            if (gap < minInterval.toMillis()) {
                return "it fires " + describe(Duration.ofMillis(gap)) + " apart; schedules may fire at most once every "
                        + describe(minInterval) + " (setting inkstone.schedule.minInterval)";
            }
            previous = next;
        }
        return null;
    }

    private static String checkField(String text, Field field) {
        for (String part : text.toUpperCase(Locale.ROOT).split(",", -1)) {
            if (part.isEmpty()) return "the " + field.name() + " field has an empty list item";
            String token = part;
            int hash = token.indexOf('#');
            if (hash >= 0) {
                String nth = token.substring(hash + 1);
                if (!field.name().equals("day of week") || !nth.matches("[1-5]")) {
                    return "`" + part + "` in the " + field.name() + " field: `#` takes a day of the week and a number 1–5";
                }
                token = token.substring(0, hash);
            }
            int slash = token.indexOf('/');
            if (slash >= 0) {
                String step = token.substring(slash + 1);
                if (!step.matches("\\d{1,4}") || Integer.parseInt(step) < 1 || Integer.parseInt(step) > field.max()) {
                    return "step `/" + step + "` in the " + field.name() + " field is out of range 1–" + field.max();
                }
                token = token.substring(0, slash);
            }
            if (token.equals("*") || token.equals("?") || token.equals("L") || token.equals("LW")) continue;
            if (token.endsWith("W") || (token.endsWith("L") && token.length() > 1)) token = token.substring(0, token.length() - 1);
            if (token.startsWith("L-")) token = token.substring(2);
            for (String end : token.split("-", -1)) {
                Integer value = field.names().get(end);
                if (value == null) {
                    if (!end.matches("\\d{1,5}")) return "`" + part + "` is not a valid " + field.name() + " value";
                    value = Integer.parseInt(end);
                    if (field.name().equals("day of month") && part.startsWith("L-")) continue;
                }
                if (value < field.min() || value > field.max()) {
                    return "`" + end + "` in the " + field.name() + " field is out of range " + field.min() + "–" + field.max();
                }
            }
        }
        return null;
    }

    /** "1 second", "30 seconds", "1 minute", "90 seconds" … */
    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600 && seconds % 3600 == 0) return plural(seconds / 3600, "hour");
        if (seconds >= 60 && seconds % 60 == 0) return plural(seconds / 60, "minute");
        if (seconds >= 1) return plural(seconds, "second");
        return duration.toMillis() + " ms";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
