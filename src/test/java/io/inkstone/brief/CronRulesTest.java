package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronRulesTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void should_accept_ordinary_schedules() {
        for (String cron : List.of("0 0 7 * * ?", "0 */5 * * * ?", "0 0 9-17 ? * MON-FRI", "0 0 12 L * ?",
                "0 0 8 ? * 6#3", "0 15 10 ? * 6L", "0 0 0 1 JAN ? 2030", "0 0 12 15W * ?", "0 0 6 ? * SUN,SAT")) {
            assertThat(CronRules.problem(cron, MINUTE)).as(cron).isNull();
        }
    }

    @Test
    void should_refuse_fields_out_of_range() {
        assertThat(CronRules.problem("99 99 * * * ?", MINUTE)).contains("`99` in the second field is out of range 0–59");
        assertThat(CronRules.problem("0 0 24 * * ?", MINUTE)).contains("hour");
        assertThat(CronRules.problem("0 0 7 32 * ?", MINUTE)).contains("day of month");
        assertThat(CronRules.problem("0 0 7 ? 13 *", MINUTE)).contains("month");
        assertThat(CronRules.problem("0 0 7 ? * 8", MINUTE)).contains("day of week");
        assertThat(CronRules.problem("0 0/0 7 * * ?", MINUTE)).contains("step");
        assertThat(CronRules.problem("0 0 7 ? * 2#9", MINUTE)).contains("#");
    }

    @Test
    void should_refuse_schedules_firing_more_often_than_the_minimum() {
        assertThat(CronRules.problem("* * * * * ?", MINUTE)).contains("1 second apart", "1 minute");
        assertThat(CronRules.problem("0,30 * * * * ?", MINUTE)).contains("30 seconds apart");
        assertThat(CronRules.problem("0 * * * * ?", MINUTE)).isNull();
        assertThat(CronRules.problem("0 0 * * * ?", Duration.ofHours(2))).contains("1 hour apart");
        assertThat(CronRules.problem("0/1 * * * * ?", Duration.ofSeconds(1))).isNull();
    }

    @Test
    void should_locate_the_error_when_a_brief_is_validated() {
        BriefParseResult result = new BriefParser(List.of("role-task-requirement")).parse(
                "title: T\ntask: x\nschedule:\n  cron: \"99 99 * * * *\"\n", Path.of("b.yaml"));
        assertThat(result.ok()).isFalse();
        assertThat(result.problems().getFirst().toString()).contains("b.yaml:4:9", "out of range");
        BriefParseResult often = new BriefParser(List.of("role-task-requirement"), MINUTE).parse(
                "title: T\ntask: x\nschedule:\n  cron: \"0/30 * * * * ?\"\n", Path.of("b.yaml"));
        assertThat(often.problems().getFirst().toString()).contains("b.yaml:4:9", "30 seconds apart", "1 minute");
    }
}
