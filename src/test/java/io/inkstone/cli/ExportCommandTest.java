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

class ExportCommandTest {
    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path note(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    @Test
    void should_export_pdf_and_epub_into_the_out_folder() throws IOException {
        Path note = note("诗.md", "---\ntitle: 诗\n---\n# 诗\n\n床前明月光。\n");
        Path exports = folder.resolve("exports");
        int code = run("export", note.toString(), "--out", exports.toString(), "--engine", "java");
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK.code());
        assertThat(exports.resolve("诗.pdf")).isRegularFile();
        assertThat(exports.resolve("诗.epub")).isRegularFile();
        assertThat(out.toString()).contains("PDF  " + exports.resolve("诗.pdf") + "  (openhtmltopdf, ")
                .contains("EPUB " + exports.resolve("诗.epub") + "  (inkstone-epub, ");
    }

    @Test
    void should_export_only_the_requested_format_beside_the_note() throws IOException {
        Path note = note("note.md", "# Note\n\nText.\n");
        assertThat(run("export", note.toString(), "--epub", "--engine=JAVA")).as(err.toString()).isEqualTo(0);
        assertThat(folder.resolve("note.epub")).isRegularFile();
        assertThat(folder.resolve("note.pdf")).doesNotExist();
    }

    @Test
    void should_fail_clearly_for_a_missing_note_or_broken_front_matter() throws IOException {
        assertThat(run("export", folder.resolve("missing.md").toString(), "--engine", "java"))
                .isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(err.toString()).contains("inkstone export: note ").contains("missing.md does not exist");

        Path broken = note("broken.md", "---\ntitle: \"open\n---\n");
        assertThat(run("export", broken.toString(), "--engine", "java")).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(err.toString()).containsPattern("broken\\.md:\\d+:\\d+: front matter is not valid YAML");
        assertThat(folder.resolve("broken.pdf")).doesNotExist();
        assertThat(folder.resolve("broken.epub")).doesNotExist();
    }

    @Test
    void should_reject_an_unknown_engine_and_a_missing_note_argument() {
        assertThat(run("export", "x.md", "--engine", "wkhtmltopdf")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("unknown export engine 'wkhtmltopdf'; use auto, java or pandoc");
        assertThat(run("export", "--engine", "java")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("name the note to export");
    }

    @Test
    void should_list_the_engines() {
        assertThat(run("export", "--engines")).isEqualTo(0);
        assertThat(out.toString()).contains("openhtmltopdf").contains("inkstone-epub").contains("pandoc");
    }

    @Test
    void should_show_help_with_the_exit_codes() {
        assertThat(run("export", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--engine=auto|java|pandoc").contains("Exit codes:");
    }

    @Test
    void should_export_a_note_nested_thousands_of_levels_deep_without_a_stack_trace() throws IOException {
        Path note = note("deep.md", "# Deep\n\n" + "> ".repeat(3000) + "quote\n\n"
                + "*a _b ".repeat(1500) + "core" + " b_ a*".repeat(1500) + "\n\n" + "<div>".repeat(3000) + "box"
                + "</div>".repeat(3000) + "\n");
        int code = run("export", note.toString(), "--engine", "java");
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.OK.code());
        assertThat(err.toString()).doesNotContain("Exception", "\tat ", "StackOverflow");
        assertThat(folder.resolve("deep.pdf")).isRegularFile();
        assertThat(folder.resolve("deep.epub")).isRegularFile();
    }
}
