package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code inkstone validate}: output and exit codes, through the real command line. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void should_exit_0_and_print_one_OK_line_per_valid_brief() throws IOException {
        Path story = write("story.yaml", "title: 灯塔\ntask: 写一个故事。\ntype: story\nlength: 3000字\noutline: auto\nexport: [pdf, epub]\n");
        Path daily = write("daily.yaml", "title: Morning\ntask: A prompt.\nschedule: {cron: \"0 7 * * *\", timezone: Asia/Shanghai}\n");

        int code = run("validate", story.toString(), daily.toString());

        assertThat(code).isEqualTo(ExitCode.OK.code());
        assertThat(out.toString().lines()).containsExactly(
                "OK  " + story + "  (story, zh-CN, 3000字, outline: auto, export: pdf+epub)",
                "OK  " + daily + "  (article, en, schedule: 0 0 7 * * ? Asia/Shanghai)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void should_print_every_problem_in_compiler_format_and_exit_1() throws IOException {
        Path good = write("good.yaml", "title: T\ntask: x\n");
        Path bad = write("bad.yaml", "title: T\nrequirments: [a]\ngeneration: {top_p: 2}\n");

        int code = run("validate", good.toString(), bad.toString());

        assertThat(code).isEqualTo(ExitCode.INVALID_INPUT.code()).isEqualTo(1);
        assertThat(out.toString()).startsWith("OK  " + good);
        assertThat(err.toString().lines()).containsExactly(
                bad + ":1:1: missing required key `task` (add a line such as `task: Write a short story about …`)",
                bad + ":2:1: unknown key `requirments` (did you mean `requirements`?)",
                bad + ":3:21: `generation.top_p` must be between 0 (exclusive) and 1, found 2",
                "1 of 2 briefs is not valid (3 problems)");
    }

    @Test
    void should_exit_with_IO_ERROR_for_a_missing_file_and_still_check_the_others() throws IOException {
        Path good = write("good.yaml", "title: T\ntask: x\n");
        Path missing = dir.resolve("missing.yaml");

        int code = run("validate", missing.toString(), good.toString());

        assertThat(code).isEqualTo(ExitCode.IO_ERROR.code());
        assertThat(err.toString()).contains(missing + ": cannot read: no such file");
        assertThat(out.toString()).contains("OK  " + good);
    }

    @Test
    void should_check_the_yaml_files_in_a_folder() throws IOException {
        write("a.yaml", "title: A\ntask: x\n");
        write("b.yml", "title: B\ntask: x\n");
        write("notes.txt", "not a brief");

        int code = run("validate", dir.toString());

        assertThat(code).isEqualTo(0);
        assertThat(out.toString().lines()).hasSize(2);
    }

    @Test
    void should_know_the_template_names_in_the_users_templates_folder() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home/templates"));
        Files.writeString(home.resolve("haiku.md"), "---\nname: haiku\n---\n");
        String previous = System.getProperty("inkstone.home");
        System.setProperty("inkstone.home", dir.resolve("home").toString());
        try {
            Path brief = write("poem.yaml", "title: Frog\ntask: A haiku.\ntemplate: haiku\n");

            assertThat(run("validate", brief.toString())).isEqualTo(0);
            assertThat(ValidateCommand.templateNames()).contains("haiku", "few-shot", "role-task-requirement");
        } finally {
            if (previous == null) System.clearProperty("inkstone.home");
            else System.setProperty("inkstone.home", previous);
        }
    }

    @Test
    void should_validate_every_sample() {
        Path samples = Path.of(System.getProperty("inkstone.project.dir", "."), "samples");

        int code = run("validate", samples.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(code).isEqualTo(0);
        assertThat(out.toString().lines()).hasSizeGreaterThanOrEqualTo(6).allMatch(l -> l.startsWith("OK  "));
    }

    @Test
    void should_require_at_least_one_file() {
        assertThat(run("validate")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("FILE");
    }
}
