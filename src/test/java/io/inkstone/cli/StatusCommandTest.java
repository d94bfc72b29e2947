package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    @TempDir
    Path root;

    @Test
    void should_show_queued_in_progress_done_failed_and_schedules() throws Exception {
        assertThat(InitCommandTest.inkstone("init", root.toString()).code()).isZero();
        Path inbox = root.resolve("inbox");
        Files.writeString(inbox.resolve("waiting.yaml"), "title: Waiting\ntask: t\n");
        Files.createDirectories(inbox.resolve("in-progress/20251129-070000-001"));
        Files.writeString(inbox.resolve("in-progress/20251129-070000-001/busy.yaml"), "title: Busy\ntask: t\n");
        Files.createDirectories(inbox.resolve(".inkstone/checkpoints"));
        Files.writeString(inbox.resolve(".inkstone/checkpoints/20251129-070000-001.json"),
                "{\"outline\": [\"a\", \"b\", \"c\"], \"sections\": [{\"index\": 0}]}");
        Files.createDirectories(inbox.resolve("failed"));
        Files.writeString(inbox.resolve("failed/bad.yaml"), "titel: x\n");
        Files.writeString(inbox.resolve("failed/bad.error.md"), "# bad.yaml failed\n\n```text\nbad.yaml:1:1: unknown key `titel`\n```\n");
        Files.createDirectories(inbox.resolve("schedules"));
        Files.copy(root.resolve("samples/daily-writing-prompt-zh.yaml"), inbox.resolve("schedules/daily.yaml"));
        Files.writeString(inbox.resolve(".inkstone/ledger.jsonl"),
                "{\"at\":\"2025-11-29T07:03:00Z\",\"event\":\"ARCHIVED\",\"claim\":\"c\",\"brief\":\"done.yaml\",\"note\":\"/v/2025-11-29 Done.md\",\"seconds\":12.3}\n");

        CliRun run = InitCommandTest.inkstone("status", root.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("watcher:     not running")
                .contains("queued:      1", "waiting.yaml")
                .contains("in progress: 1", "busy.yaml  (claimed 20251129-070000-001, 1 of 3 sections written)")
                .contains("done:        1", "done.yaml  2025-11-29 07:03:00Z  12.3s  -> /v/2025-11-29 Done.md")
                .contains("failed:      1", "bad.yaml  bad.yaml:1:1: unknown key `titel`")
                .contains("schedules:   1", "daily.yaml  \"0 0 7 * * ?\" Asia/Shanghai  next ");
    }

    @Test
    void should_say_how_to_start_when_there_are_no_settings() {
        CliRun run = InitCommandTest.inkstone("status", root.resolve("nowhere").toString());
        assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("does not exist", "inkstone init");
    }
}
