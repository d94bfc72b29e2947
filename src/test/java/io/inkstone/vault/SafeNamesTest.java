package io.inkstone.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeNamesTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "Hello World | Hello World",
            "a/b\\c:d*? | a b c d",
            "../../x | x",
            "..  | Untitled",
            "'' | Untitled",
            "CON | CON_",
            "con.txt | con_.txt",
            "Lpt9 | Lpt9_",
            "CONTEXT | CONTEXT",
            "What? A [[link]] #tag ^block | What A link tag block",
            "'<tag> \"quoted\" |pipe|' | tag quoted pipe",
            "'trailing dots...' | trailing dots",
            "'.hidden' | hidden",
            "'  spaced   out  ' | spaced out",
            "'line\nbreak\ttab' | line break tab",
            "春天的故事：第一章 | 春天的故事：第一章",
            "春天的故事:第一章 | 春天的故事 第一章",
            "🌸 Spring 🌸 | 🌸 Spring 🌸",
    })
    void should_make_file_stems_safe(String title, String expected) {
        assertThat(SafeNames.fileStem(title, "Untitled")).isEqualTo(expected);
    }

    @Test
    void should_cut_long_titles_by_code_points_and_bytes() {
        String latin = "a".repeat(500);
        assertThat(SafeNames.fileStem(latin, "x")).hasSize(SafeNames.MAX_STEM_CODE_POINTS);

        String chinese = "长".repeat(500);
        String cut = SafeNames.fileStem(chinese, "x");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_STEM_BYTES);
        assertThat(cut).matches("长+");
    }

    @Test
    void should_not_split_an_emoji_when_cutting() {
        String family = "👨‍👩‍👧"; // one grapheme of 5 code points (18 UTF-8 bytes)
        String stem = SafeNames.fileStem(family.repeat(40), "x");
        assertThat(stem.length() % family.length()).isZero();
        assertThat(stem).isNotEmpty();
        assertThat(stem.codePointCount(0, stem.length())).isLessThanOrEqualTo(SafeNames.MAX_STEM_CODE_POINTS);
    }

    @Test
    void should_keep_folders_inside_the_vault() {
        assertThat(SafeNames.folderSegments("../../etc/passwd")).containsExactly("etc", "passwd");
        assertThat(SafeNames.folderSegments("/abs/./path")).containsExactly("abs", "path");
        assertThat(SafeNames.folderSegments("Writing\\Essays")).containsExactly("Writing", "Essays");
        assertThat(SafeNames.folderSegments(null)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "writing | writing",
            "#writing | writing",
            "science fiction | science-fiction",
            "writing/essays | writing/essays",
            "/a//b/ | a/b",
            "写作/散文 | 写作/散文",
            "c++ & rust! | c-rust",
            "2025 | ",
            "'###' | ",
            "y2025 | y2025",
    })
    void should_make_valid_tags(String raw, String expected) {
        assertThat(io.inkstone.render.NoteProperties.tag(raw)).isEqualTo(expected);
    }
}
