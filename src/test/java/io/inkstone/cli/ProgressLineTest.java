package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code inkstone write}'s progress: redrawn on a terminal, plain lines every interval in a log. */
class ProgressLineTest {

    @Test
    void should_print_plain_lines_at_a_steady_interval_when_stderr_is_not_a_terminal() {
        StringWriter out = new StringWriter();
        long[] now = {0};
        WriteCommand.ProgressLine progress = new WriteCommand.ProgressLine(new PrintWriter(out), false, Duration.ofSeconds(10), () -> now[0]);

        progress.stage("sections");
        progress.section(1, 3, "Morning");
        for (int second = 1; second <= 12; second++) {
            now[0] = second * 1_000_000_000L;
            progress.tokens(second * 2, 2.0, Duration.ofSeconds(30));
        }
        progress.end();

        assertThat(out.toString()).isEqualTo("[sections]\n[sections] section 1/3 Morning\n"
                + "[sections] 1/3 Morning  20 tokens  2.0 tok/s  ETA 30s\n");
    }

    @Test
    void should_redraw_one_line_in_place_on_a_terminal() {
        StringWriter out = new StringWriter();
        WriteCommand.ProgressLine progress = new WriteCommand.ProgressLine(new PrintWriter(out), true);

        progress.stage("piece");
        progress.tokens(5, 1.5, Duration.ZERO);
        progress.end();

        assertThat(out.toString()).isEqualTo("\r[piece] 5 tokens  1.5 tok/s  ETA ?\n");
    }

    @Test
    void should_tell_terminal_devices_from_files_and_pipes() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/home/me/inkstone.log")).isFalse();
        assertThat(Terminal.isTerminalDevice("pipe:[123456]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    }
}
