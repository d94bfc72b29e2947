package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken files are refused with one clear, located problem, never an exception. */
class HostileInputTest {

    private static final BriefParser PARSER = new BriefParser(List.of("role-task-requirement"));

    @TempDir
    Path dir;

    private BriefProblem onlyProblem(Path file) {
        BriefParseResult result = PARSER.parse(file);
        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_a_file_over_256_KiB_before_parsing() throws IOException {
        Path file = write("big.yaml", "title: Big\ntask: |\n" + ("  " + "x".repeat(1021) + "\n").repeat(300));
        assertThat(Files.size(file)).isGreaterThan(300 * 1024);

        BriefProblem problem = onlyProblem(file);

        assertThat(problem.format()).isEqualTo(file + ":1:1: the file is 301 KiB; a brief may be at most 256 KiB "
                + "(a brief describes the piece; keep long source material out of it, or shorten the examples)");
    }

    @Test
    void should_refuse_binary_data_at_the_NUL_byte() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path file = write("picture.yaml", png);

        assertThat(onlyProblem(file).format()).startsWith(file + ":3:1: binary data (a NUL byte) in the file; a brief must be a UTF-8 text file");
    }

    @Test
    void should_locate_the_first_byte_that_is_not_UTF_8() throws IOException {
        byte[] latin1 = "title: Café\ntask: Write about the café.\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = write("latin1.yaml", latin1);

        assertThat(onlyProblem(file).format()).isEqualTo(file + ":1:11: invalid UTF-8 (byte 0xE9); a brief must be saved as UTF-8 "
                + "(the file is probably in another encoding such as GBK or Latin-1: re-save it as UTF-8)");
    }

    @Test
    void should_count_columns_in_characters_for_GBK_after_chinese_text() throws IOException {
        byte[] utf8 = "title: 灯塔\n".getBytes(StandardCharsets.UTF_8);
        byte[] gbk = "task: 灯".getBytes(java.nio.charset.Charset.forName("GBK"));
        byte[] both = new byte[utf8.length + gbk.length];
        System.arraycopy(utf8, 0, both, 0, utf8.length);
        System.arraycopy(gbk, 0, both, utf8.length, gbk.length);

        assertThat(onlyProblem(write("gbk.yaml", both)).format()).contains(":2:7: invalid UTF-8");
    }

    @Test
    void should_refuse_UTF_16() throws IOException {
        Path file = write("utf16.yaml", "title: T\ntask: W\n".getBytes(StandardCharsets.UTF_16));

        assertThat(onlyProblem(file).message()).isEqualTo("the file is UTF-16 text; a brief must be UTF-8");
    }

    @Test
    void should_accept_a_UTF_8_byte_order_mark() throws IOException {
        byte[] text = "title: 灯塔\ntask: 写一个故事。\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        BriefParseResult result = PARSER.parse(write("bom.yaml", withBom));

        assertThat(result.problems()).isEmpty();
        assertThat(result.brief().title()).isEqualTo("灯塔");
    }

    @Test
    void should_refuse_a_billion_laughs_alias_bomb() throws IOException {
        StringBuilder yaml = new StringBuilder("title: Bomb\ntask: x\nrequirements: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char level = 'b'; level <= 'i'; level++) {
            yaml.append("x").append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 9; i++) yaml.append(i == 0 ? "" : ",").append('*').append(previous);
            yaml.append("]\n");
            previous = String.valueOf(level);
        }
        Path file = write("bomb.yaml", yaml.toString());

        BriefProblem problem = onlyProblem(file);

        assertThat(problem.format()).startsWith(file + ":7:");
        assertThat(problem.message()).isEqualTo("more than 32 aliases (`*name`) in one brief");
    }

    @Test
    void should_refuse_nesting_1000_deep() throws IOException {
        Path file = write("deep.yaml", "title: Deep\ntask: x\nrequirements: " + "[".repeat(1000) + "]".repeat(1000) + "\n");

        assertThat(onlyProblem(file).format()).startsWith(file + ":3:34: lists and maps are nested more than 20 levels deep");
    }

    @Test
    void should_refuse_nesting_100000_deep_without_overflowing_the_stack() throws IOException {
        Path file = write("deeper.yaml", "a: " + "[".repeat(100_000) + "]".repeat(100_000));

        assertThat(onlyProblem(file).message()).isEqualTo("lists and maps are nested more than 20 levels deep");
    }

    @Test
    void should_refuse_two_documents() throws IOException {
        Path file = write("two.yaml", "title: One\ntask: x\n---\ntitle: Two\ntask: y\n");

        assertThat(onlyProblem(file).format()).isEqualTo(file + ":3:1: the file holds more than one YAML document (a `---` line starts another one) "
                + "(put one brief in each file; remove the `---` line)");
    }

    @Test
    void should_refuse_tab_indentation_clearly() throws IOException {
        Path file = write("tabs.yaml", "title: T\ntask: x\nrequirements:\n\t- short\n");

        assertThat(onlyProblem(file).format()).isEqualTo(file + ":4:1: a tab is used for indentation; YAML allows only spaces there "
                + "(replace the tab with spaces (most editors can convert tabs to spaces))");
    }

    @Test
    void should_accept_tabs_inside_text() throws IOException {
        BriefParseResult result = PARSER.parse(write("tab-inside.yaml", "title: Columns\ntask: a\tb\n"));

        assertThat(result.problems()).isEmpty();
    }

    @Test
    void should_report_an_empty_file() throws IOException {
        Path file = write("empty.yaml", "");

        assertThat(onlyProblem(file).format()).startsWith(file + ":1:1: the brief is empty");
    }

    @Test
    void should_report_a_list_instead_of_a_map() throws IOException {
        Path file = write("list.yaml", "- title: T\n- task: x\n");

        assertThat(onlyProblem(file).message()).isEqualTo("a brief must be a map of `key: value` lines (such as `title: …`), found a list");
    }

    @Test
    void should_refuse_control_characters() throws IOException {
        Path file = write("bell.yaml", "title: T\ntask: ring\u0007\n");

        assertThat(onlyProblem(file).format()).startsWith(file + ":2:11: control character U+0007 is not allowed in a brief");
    }

    @Test
    void should_report_a_missing_file_as_a_problem() {
        Path file = dir.resolve("nowhere.yaml");

        assertThat(onlyProblem(file).format()).isEqualTo(file + ":1:1: cannot read the brief: no such file (check the path)");
    }

    @Test
    void should_report_a_folder_as_a_problem() {
        assertThat(onlyProblem(dir).message()).isEqualTo("cannot read the brief: it is a folder, not a file");
    }

    @Test
    void should_refuse_oversized_text_given_as_a_string() {
        BriefParseResult result = PARSER.parse("title: T\ntask: " + "字".repeat(90_000) + "\n", Path.of("s.yaml"));

        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("the file is 264 KiB"));
    }
}
