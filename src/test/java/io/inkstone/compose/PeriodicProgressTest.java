package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain progress lines for logs: on every stage and section, and at most once per interval while tokens come. */
class PeriodicProgressTest {

    @Test
    void should_print_a_line_per_stage_and_section_and_a_token_line_once_per_interval() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        PeriodicProgress progress = new PeriodicProgress(lines::add, Duration.ofSeconds(10), () -> now[0]);

        progress.stage("outline");
        for (int second = 1; second <= 25; second++) { // a slow outline: one token a second
            now[0] = second * 1_000_000_000L;
            progress.tokens(second, 1.0, Duration.ofSeconds(100 - second));
        }
        progress.stage("sections");
        progress.section(2, 5, "The harbour");
        now[0] += 10_000_000_000L;
        progress.tokens(312, 11.8, Duration.ofSeconds(192));
        progress.note("the model's outline was unusable");

        assertThat(lines).containsExactly(
                "[outline]",
                "[outline] 10 tokens  1.0 tok/s  ETA 1m30s",
                "[outline] 20 tokens  1.0 tok/s  ETA 1m20s",
                "[sections]",
                "[sections] section 2/5 The harbour",
                "[sections] 2/5 The harbour  312 tokens  11.8 tok/s  ETA 3m12s",
                "note: the model's outline was unusable");
    }

    @Test
    void should_say_the_time_left_is_unknown_before_the_speed_is() {
        assertThat(PeriodicProgress.line("piece", "", 0, 0, Duration.ZERO)).isEqualTo("[piece] 0 tokens  ? tok/s  ETA ?");
        assertThat(PeriodicProgress.format(Duration.ofMinutes(65))).isEqualTo("1h5m");
    }
}
