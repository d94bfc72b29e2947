package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownCleanerTest {

    @Test
    void should_strip_thinking_blocks_closed_unclosed_and_stray() {
        assertThat(MarkdownCleaner.stripThinking("<think>\nhmm\n</think>\n\n正文。")).isEqualTo("正文。");
        assertThat(MarkdownCleaner.stripThinking("正文。<think>still thinking")).isEqualTo("正文。");
        assertThat(MarkdownCleaner.stripThinking("reasoning first</think>Answer.")).isEqualTo("Answer.");
        assertThat(MarkdownCleaner.stripThinking("<think></think>A<think>x</think>B")).isEqualTo("AB");
    }

    @Test
    void should_close_an_unclosed_code_fence() {
        assertThat(MarkdownCleaner.closeCodeFences("Text\n\n```java\nint x = 1;\n"))
                .isEqualTo("Text\n\n```java\nint x = 1;\n```\n");
        assertThat(MarkdownCleaner.closeCodeFences("~~~~\ncode")).isEqualTo("~~~~\ncode\n~~~~\n");
        String closed = "```\na\n```\n\nafter\n";
        assertThat(MarkdownCleaner.closeCodeFences(closed)).isEqualTo(closed);
    }

    @Test
    void should_close_a_fence_inside_a_list_item_with_its_indentation() {
        assertThat(MarkdownCleaner.closeCodeFences("- step\n  ```sh\n  ls\n")).isEqualTo("- step\n  ```sh\n  ls\n  ```\n");
    }

    @Test
    void should_keep_one_top_title_the_briefs() {
        assertThat(MarkdownCleaner.cleanPiece("# Some other title\n\nBody text here.", "The Title"))
                .isEqualTo("# The Title\n\nBody text here.\n");
        assertThat(MarkdownCleaner.cleanPiece("**《月光下的猫》**\n\n正文。", "月光下的猫")).isEqualTo("# 月光下的猫\n\n正文。\n");
        assertThat(MarkdownCleaner.cleanPiece("正文。", "题目")).isEqualTo("# 题目\n\n正文。\n");
    }

    @Test
    void should_shift_headings_so_sections_are_level_two() {
        String model = "# Title\n\nIntro.\n\n# Part A\n\ntext\n\n## Detail\n\nmore\n\n# Part B\n\nend\n";
        assertThat(MarkdownCleaner.cleanPiece(model, "Title"))
                .isEqualTo("# Title\n\nIntro.\n\n## Part A\n\ntext\n\n### Detail\n\nmore\n\n## Part B\n\nend\n");
        assertThat(MarkdownCleaner.cleanPiece("Intro.\n\n#### Deep\n\ntext\n\n##### Deeper\n", "T"))
                .isEqualTo("# T\n\nIntro.\n\n## Deep\n\ntext\n\n### Deeper\n");
    }

    @Test
    void should_turn_setext_headings_into_atx() {
        assertThat(MarkdownCleaner.cleanPiece("Intro.\n\nSection\n-------\n\ntext", "T"))
                .isEqualTo("# T\n\nIntro.\n\n## Section\n\ntext\n");
    }

    @Test
    void should_drop_exactly_repeated_paragraphs_but_not_short_ones_or_code() {
        String paragraph = "这是一段足够长的段落，用来检查重复段落会不会被删除。";
        String code = "```\nsame line repeated here\n\nsame line repeated here\n```";
        String model = paragraph + "\n\n“好。”\n\n“好。”\n\n" + paragraph + "\n\n" + code + "\n";
        assertThat(MarkdownCleaner.cleanPiece(model, "题目"))
                .isEqualTo("# 题目\n\n" + paragraph + "\n\n“好。”\n\n“好。”\n\n" + code + "\n");
    }

    @Test
    void should_leave_tables_lists_and_quotes_untouched() {
        String body = "| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 |\n\n- item one is long enough to matter\n"
                + "- item one is long enough to matter\n\n> quoted line\n> quoted line\n\n1. first\n2. second\n";
        assertThat(MarkdownCleaner.cleanPiece(body, "T")).isEqualTo("# T\n\n" + body);
    }

    @Test
    void should_remove_trailing_spaces_and_blank_line_runs_but_keep_hard_breaks_and_code() {
        String model = "line one  \nline two   \n\n\n\n```\nkeep   \n\n\n```\n\nend\t \n\n\n";
        assertThat(MarkdownCleaner.cleanPiece(model, "T"))
                .isEqualTo("# T\n\nline one  \nline two\n\n```\nkeep   \n\n\n```\n\nend\n");
    }

    @Test
    void should_clean_a_section_body() {
        String body = "<think>plan</think>## 二、相遇\n\n他们相遇了。\n\n# 细节\n\n雨很大。\n\n## 更细\n\n很冷。";
        assertThat(MarkdownCleaner.cleanSection(body, "相遇", "月光下的猫"))
                .isEqualTo("他们相遇了。\n\n### 细节\n\n雨很大。\n\n#### 更细\n\n很冷。");
    }

    @Test
    void should_drop_a_repeated_piece_title_and_section_heading_at_the_start_of_a_section() {
        assertThat(MarkdownCleaner.cleanSection("# Moonlight Cat\n\n**Meeting**\n\nThey met.", "Meeting", "Moonlight Cat"))
                .isEqualTo("They met.");
        assertThat(MarkdownCleaner.cleanSection("## Another thing\n\nText.", "Meeting", "Cat"))
                .isEqualTo("### Another thing\n\nText.");
    }
}
