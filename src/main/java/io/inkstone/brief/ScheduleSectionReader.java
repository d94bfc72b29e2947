package io.inkstone.brief;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** Reads a brief's {@code schedule:} section: a cron expression (Unix or Quartz form) and a time zone. */
final class ScheduleSectionReader {

    static final List<String> KEYS = List.of("cron", "timezone");

    private final YamlNodeReader nodes;

    ScheduleSectionReader(YamlNodeReader nodes) {
        this.nodes = nodes;
    }

    Schedule read(Node node) {
        if (YamlNodeReader.isNull(node)) return null;
        if (!(node instanceof MappingNode map)) {
            nodes.report(node, "`schedule` must be a map with `cron` (and optionally `timezone`), found " + YamlNodeReader.describe(node),
                    "e.g. `schedule: {cron: \"0 0 7 * * ?\", timezone: Asia/Shanghai}`");
            return null;
        }
        Map<String, NodeTuple> keys = nodes.entries(map, "schedule", KEYS, Map.of());
        String cron = nodes.text(keys, "cron", true, "schedule.cron");
        String quartz = null;
        if (cron == null) {
            nodes.report(keys.containsKey("cron") ? YamlNodeReader.value(keys, "cron") : map, "`schedule` needs a `cron` expression", CronSyntax.EXAMPLES);
        } else {
            Outcome<String> converted = CronSyntax.toQuartz(cron);
            if (converted.failed()) nodes.report(YamlNodeReader.value(keys, "cron"), converted.error(), converted.hint());
            quartz = converted.value();
        }
        String timezone = nodes.text(keys, "timezone", true, "schedule.timezone");
        String zone = ZoneId.systemDefault().getId();
        if (timezone != null) {
            try {
                zone = ZoneId.of(timezone.strip()).getId();
            } catch (DateTimeException e) {
                nodes.report(YamlNodeReader.value(keys, "timezone"), "unknown time zone `" + Outcome.shown(timezone) + "`", zoneHint(timezone));
            }
        }
        return quartz == null ? null : new Schedule(quartz, zone);
    }

    private static String zoneHint(String written) {
        String fallback = "use a region id such as `Asia/Shanghai`, `Europe/Berlin`, `America/New_York` or `UTC`";
        String lower = written.strip().toLowerCase(Locale.ROOT);
        if (Set.of("beijing", "北京", "china", "中国", "cst", "shanghai", "上海").contains(lower)) return "did you mean `Asia/Shanghai`?";
        return Suggestions.didYouMean(written.strip(), new TreeSet<>(ZoneId.getAvailableZoneIds()), fallback);
    }
}
