package io.inkstone.brief;

import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Cron expressions for scheduled briefs, always turned into Quartz form (seconds first), which is what the
 * scheduler runs. Accepted: Quartz (6 or 7 fields), Unix/crontab (5 fields: minute hour day month weekday),
 * and the macros {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}.
 */
final class CronSyntax {

    static final String EXAMPLES = "e.g. `0 0 7 * * ?` (Quartz: every day at 07:00) or `0 7 * * *` (Unix: the same)";

    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 0 * * * ?",
            "@daily", "0 0 0 * * ?",
            "@midnight", "0 0 0 * * ?",
            "@weekly", "0 0 0 ? * SUN",
            "@monthly", "0 0 0 1 * ?",
            "@yearly", "0 0 0 1 1 ?",
            "@annually", "0 0 0 1 1 ?");

    /** A number in a day-of-week field that is a day, not a step after {@code /}. */
    private static final Pattern DAY_NUMBER = Pattern.compile("(?<![/0-9])[0-9]+");

    private CronSyntax() {}

    /** The Quartz form of {@code written}, or why it is not a valid schedule (quoting Quartz's reason). */
    static Outcome<String> toQuartz(String written) {
        return toQuartz(written, CronRules.DEFAULT_MIN_INTERVAL);
    }

    /**
     * The Quartz form of {@code written}, or why it is not a valid schedule: Quartz's reason, a field out of range, or
     * firings closer together than {@code minInterval}.
     */
    static Outcome<String> toQuartz(String written, java.time.Duration minInterval) {
        String text = written.trim();
        String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
        if (macro != null) return Outcome.ok(macro);
        String[] fields = text.split("\\s+");
        String quartz;
        if (fields.length == 5) {
            Outcome<String> converted = fromUnix(fields);
            if (converted.failed()) return converted;
            quartz = converted.value();
        } else if (fields.length == 6 || fields.length == 7) {
            if (fields[3].equals("*") && fields[5].equals("*")) fields[5] = "?";
            quartz = String.join(" ", fields);
        } else {
            return Outcome.fail("`schedule.cron` has " + (text.isEmpty() ? 0 : fields.length) + " fields; a cron expression has 5 (Unix: minute hour day month weekday) "
                    + "or 6–7 (Quartz: second minute hour day month weekday [year])", EXAMPLES);
        }
        try {
            new CronExpression(quartz);
        } catch (ParseException | RuntimeException e) { // Quartz throws unchecked exceptions for some malformed fields
            String reason = e.getMessage() == null ? "the scheduler cannot read it" : e.getMessage();
            return Outcome.fail("invalid cron expression `" + Outcome.shown(written) + "`: " + reason, EXAMPLES);
        }
        String problem = CronRules.problem(quartz, minInterval);
        if (problem != null) return Outcome.fail("invalid cron expression `" + Outcome.shown(written) + "`: " + problem, EXAMPLES);
        return Outcome.ok(quartz);
    }

    /** Unix {@code m h dom mon dow} to Quartz {@code 0 m h dom mon dow}: exactly one day field becomes {@code ?}; weekdays 0–7 (Sunday 0 or 7) become 1–7 (Sunday 1). */
    private static Outcome<String> fromUnix(String[] f) {
        String minute = f[0], hour = f[1], dayOfMonth = f[2], month = f[3], dayOfWeek = f[4];
        if (dayOfWeek.equals("*") || dayOfWeek.equals("?")) return Outcome.ok(String.join(" ", "0", minute, hour, dayOfMonth, month, "?"));
        if (dayOfMonth.equals("*") || dayOfMonth.equals("?")) return Outcome.ok(String.join(" ", "0", minute, hour, "?", month, quartzWeekdays(dayOfWeek)));
        return Outcome.fail("`schedule.cron` sets both a day of the month (`" + dayOfMonth + "`) and a day of the week (`" + dayOfWeek
                + "`); the scheduler (Quartz) cannot combine them", "use `*` for one of the two");
    }

    private static String quartzWeekdays(String unix) {
        Matcher m = DAY_NUMBER.matcher(unix);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int day = Integer.parseInt(m.group().length() > 2 ? "99" : m.group());
            String replacement = day <= 7 ? Integer.toString(day % 7 + 1) : m.group();
            m.appendReplacement(sb, replacement);
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
