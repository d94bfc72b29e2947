package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path dir;

    @Test
    void should_find_the_latest_event_of_a_claim_and_count_events() throws Exception {
        Ledger ledger = new Ledger(dir.resolve(".inkstone/ledger.jsonl"));
        Instant t = Instant.parse("2025-11-29T07:00:00Z");
        ledger.append(Ledger.Entry.of(t, Ledger.Event.CLAIMED, "a", "a.yaml"));
        ledger.append(Ledger.Entry.of(t, Ledger.Event.CLAIMED, "b", "b.yaml"));
        ledger.append(Ledger.Entry.of(t, Ledger.Event.RESUMED, "a", "a.yaml"));
        ledger.append(Ledger.Entry.of(t, Ledger.Event.WRITTEN, "a", "a.yaml").withNote("/vault/A.md"));
        ledger.append(Ledger.Entry.of(t, Ledger.Event.RESUMED, "a", "a.yaml"));

        assertThat(ledger.last("a")).hasValueSatisfying(e -> assertThat(e.event()).isEqualTo(Ledger.Event.RESUMED));
        assertThat(ledger.last("a", Ledger.Event.WRITTEN)).hasValueSatisfying(e -> assertThat(e.note()).isEqualTo("/vault/A.md"));
        assertThat(ledger.last("b", Ledger.Event.WRITTEN)).isEmpty();
        assertThat(ledger.count("a", Ledger.Event.RESUMED)).isEqualTo(2);
        assertThat(ledger.last("nobody")).isEmpty();
    }

    @Test
    void should_skip_a_line_cut_off_by_a_crash_and_not_let_it_swallow_the_next_entry() throws Exception {
        Path file = dir.resolve("ledger.jsonl");
        Ledger ledger = new Ledger(file);
        ledger.append(Ledger.Entry.of(Instant.now(), Ledger.Event.CLAIMED, "a", "a.yaml"));
        Files.writeString(file, "{\"at\":\"2025-11-29T07:0", StandardOpenOption.APPEND);

        assertThat(ledger.entries()).hasSize(1);
        ledger.append(Ledger.Entry.of(Instant.now(), Ledger.Event.ARCHIVED, "a", "a.yaml"));
        assertThat(ledger.entries()).extracting(Ledger.Entry::event).containsExactly(Ledger.Event.CLAIMED, Ledger.Event.ARCHIVED);
        assertThat(Files.readString(file)).contains("\"at\":\"2025-11-29T07:0\n"); // the torn line is ended, not lost
    }
}
