package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    private record Report(int generated, double tokensPerSecond, Duration eta) {}

    private static final class Recording implements ComposeProgress {
        final List<Report> reports = new ArrayList<>();
        @Override public void stage(String name) {}
        @Override public void section(int index, int count, String heading) {}
        @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {
            reports.add(new Report(generated, tokensPerSecond, eta));
        }
        @Override public void note(String message) {}
    }

    @Test
    void should_report_no_speed_and_no_eta_after_the_first_token() {
        Recording progress = new Recording();
        ProgressMeter meter = new ProgressMeter(progress);
        meter.expectMore(100);
        meter.token();
        // one token has no duration to divide by: the speed is unknown, not "574052.8 tok/s, ETA 0s"
        assertThat(progress.reports.getFirst()).isEqualTo(new Report(1, 0, Duration.ZERO));
    }

    @Test
    void should_count_the_tokens_after_the_first_over_the_time_since_it() throws InterruptedException {
        Recording progress = new Recording();
        ProgressMeter meter = new ProgressMeter(progress);
        meter.expectMore(100);
        meter.token();
        Thread.sleep(200);
        meter.token();
        meter.token();
        Report last = progress.reports.getLast();
        assertThat(last.generated()).isEqualTo(3);
        // 2 tokens in a little over 0.2 s: at most 10 tok/s, and the 97 left take at least ~9.7 s
        assertThat(last.tokensPerSecond()).isGreaterThan(1).isLessThanOrEqualTo(10.0);
        assertThat(last.eta()).isGreaterThanOrEqualTo(Duration.ofMillis(9_700));
    }
}
