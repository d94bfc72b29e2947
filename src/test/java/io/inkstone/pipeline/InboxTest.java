package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {

    @TempDir
    Path dir;

    final Clock clock = Clock.fixed(Instant.parse("2025-11-29T07:00:03Z"), ZoneOffset.UTC);

    Inbox inbox() {
        return new Inbox(InboxFolders.of(dir), clock);
    }

    @Test
    void should_claim_same_named_briefs_into_separate_claims() throws Exception {
        Inbox inbox = inbox();
        Path first = inbox.claim(Files.writeString(dir.resolve("a.yaml"), "one"));
        Path second = inbox.claim(Files.writeString(dir.resolve("a.yaml"), "two"));

        assertThat(first).isEqualTo(dir.resolve("in-progress/20251129-070003-001/a.yaml"));
        assertThat(second).isEqualTo(dir.resolve("in-progress/20251129-070003-002/a.yaml"));
        assertThat(Files.readString(first)).isEqualTo("one");
        assertThat(Files.readString(second)).isEqualTo("two");
        assertThat(Inbox.claimOf(second)).isEqualTo("20251129-070003-002");
        assertThat(inbox.inProgress()).containsExactly(first, second);
    }

    @Test
    void should_never_reuse_a_claim_id_whose_folder_was_archived_within_the_same_second() throws Exception {
        Inbox inbox = inbox();
        Path first = inbox.claim(Files.writeString(dir.resolve("a.yaml"), "one"));
        inbox.archive(first); // its claim folder is removed
        Path second = inbox.claim(Files.writeString(dir.resolve("b.yaml"), "two"));

        assertThat(Inbox.claimOf(first)).isEqualTo("20251129-070003-001");
        assertThat(Inbox.claimOf(second)).as("claims key the ledger and the broker's duplicate check").isEqualTo("20251129-070003-002");
    }

    @Test
    void should_archive_by_month_without_replacing_and_clean_up_claims() throws Exception {
        Inbox inbox = inbox();
        Path first = inbox.archive(inbox.claim(Files.writeString(dir.resolve("a.yaml"), "one")));
        Path second = inbox.archive(inbox.claim(Files.writeString(dir.resolve("a.yaml"), "two")));

        assertThat(first).isEqualTo(dir.resolve("archive/2025/11/a.yaml"));
        assertThat(second).isEqualTo(dir.resolve("archive/2025/11/a (2).yaml"));
        assertThat(Files.readString(first)).isEqualTo("one");
        assertThat(dir.resolve("in-progress")).isEmptyDirectory();
        assertThat(inbox.inProgress()).isEmpty();
    }

    @Test
    void should_put_failed_briefs_and_their_reports_side_by_side() throws Exception {
        Inbox inbox = inbox();
        Files.createDirectories(dir.resolve("failed"));
        Files.writeString(dir.resolve("failed/b.error.md"), "a report whose brief the user already took away");

        Path failed = inbox.fail(inbox.claim(Files.writeString(dir.resolve("b.yml"), "brief")), target -> "report for " + target.getFileName());

        assertThat(failed).isEqualTo(dir.resolve("failed/b (2).yml"));
        assertThat(dir.resolve("failed/b (2).error.md")).hasContent("report for b (2).yml");
        assertThat(dir.resolve("failed/b.error.md")).hasContent("a report whose brief the user already took away");
        assertThat(failed).hasContent("brief");
        assertThat(dir.resolve("in-progress")).isEmptyDirectory();
    }

    @Test
    void should_replace_only_its_own_report_beside_a_schedule() throws Exception {
        Inbox inbox = inbox();
        Path schedule = Files.createDirectories(dir.resolve("schedules")).resolve("daily.yaml");
        Files.writeString(schedule, "brief");
        inbox.reportBeside(schedule, "first");
        inbox.reportBeside(schedule, "second");
        assertThat(dir.resolve("schedules/daily.error.md")).hasContent("second");
        inbox.clearReportBeside(schedule);
        assertThat(dir.resolve("schedules/daily.error.md")).doesNotExist();
        assertThat(schedule).hasContent("brief");
    }

    @Test
    void should_recognise_brief_file_names() {
        assertThat(Inbox.isBriefName("a.yaml")).isTrue();
        assertThat(Inbox.isBriefName("A.YML")).isTrue();
        assertThat(Inbox.isBriefName(".a.yaml")).isFalse();
        assertThat(Inbox.isBriefName("a.yaml.swp")).isFalse();
        assertThat(Inbox.isBriefName("notes.txt")).isFalse();
    }
}
