package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.BriefProblem;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureReportTest {

    static final ZonedDateTime WHEN = ZonedDateTime.of(2025, 11, 29, 7, 0, 3, 0, ZoneOffset.ofHours(8));

    @Test
    void should_locate_validation_problems_at_the_failed_file() {
        BriefRejectedException rejected = new BriefRejectedException(List.of(
                new BriefProblem(Path.of("/inbox/in-progress/c/essay.yaml"), 3, 7, "unknown key `titel`", "did you mean `title`?"),
                new BriefProblem(Path.of("/inbox/in-progress/c/essay.yaml"), 9, 1, "`task` is empty", null)));

        String report = FailureReport.render(Path.of("/inbox/failed/essay (2).yaml"), FailureReport.Placement.FAILED,
                FailureReport.stageOf(rejected, Stage.COMPOSE), rejected, WHEN);

        assertThat(report).startsWith("# essay (2).yaml failed\n")
                .contains("**Stage:** validate (reading and checking the brief)", "**When:** 2025-11-29T07:00:03+08:00",
                        "essay (2).yaml:3:7: unknown key `titel` (did you mean `title`?)\nessay (2).yaml:9:1: `task` is empty\n",
                        "`inkstone validate FILE`", "Then drop the brief into the inbox again.")
                .doesNotContain("in-progress", "Technical details");
        assertThat(rejected.getMessage()).isEqualTo("essay.yaml:3:7: unknown key `titel` (did you mean `title`?) (and 1 more problem)");
    }

    @Test
    void should_name_the_stage_and_keep_the_details_of_other_failures() {
        StageException export = new StageException(Stage.EXPORT, "no font with Chinese glyphs: install fonts-noto-cjk",
                new IllegalStateException("font lookup"));

        String report = FailureReport.render(Path.of("/inbox/schedules/daily.yaml"), FailureReport.Placement.SCHEDULE_FIRING,
                FailureReport.stageOf(new RuntimeException("wrapped", export), Stage.COMPOSE), export, WHEN);

        assertThat(report).contains("**Stage:** export", "still registered", "install fonts-noto-cjk\ncaused by: font lookup",
                "The schedule runs again at its next time", "<details><summary>Technical details", "IllegalStateException");
    }
}
