package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutlineParserTest {

    private static List<String> parse(String reply) {
        return OutlineParser.parse(reply, 2, 8).orElseThrow(() -> new AssertionError("no outline in: " + reply));
    }

    @Test
    void should_read_a_numbered_list_with_bold_names_and_descriptions() {
        String reply = """
                好的，以下是大纲：

                1. **开端**：小猫在雨夜迷路
                2. **相遇**：遇见一位老人
                3. **归途**：老人送它回家
                """;
        assertThat(parse(reply)).containsExactly("开端", "相遇", "归途");
    }

    @Test
    void should_read_only_the_top_level_of_a_nested_list() {
        String reply = """
                - Introduction
                  - why it matters
                  - who it is for
                - Setting up
                  - install Java
                - Writing the first program
                """;
        assertThat(parse(reply)).containsExactly("Introduction", "Setting up", "Writing the first program");
    }

    @Test
    void should_read_markdown_headings_below_a_single_title() {
        String reply = """
                # 月光下的猫

                ## 一、雨夜
                小猫迷路了。
                ## 二、老人
                ## 三、回家
                """;
        assertThat(parse(reply)).containsExactly("雨夜", "老人", "回家");
    }

    @Test
    void should_read_a_json_array_of_strings_or_objects_inside_a_fence() {
        assertThat(parse("```json\n[\"Opening\", \"Middle\", \"End\",]\n```")).containsExactly("Opening", "Middle", "End");
        assertThat(parse("Here you go: {\"sections\": [{\"title\": \"A\", \"summary\": \"x\"}, {\"title\": \"B\"}]}"))
                .containsExactly("A", "B");
    }

    @Test
    void should_read_chinese_numbering_and_chapter_lines() {
        assertThat(parse("一、缘起\n二、经过\n三、结果")).containsExactly("缘起", "经过", "结果");
        assertThat(parse("第一章 雨夜\n第二章 相遇\n第三章 归途")).containsExactly("第一章 雨夜", "第二章 相遇", "第三章 归途");
    }

    @Test
    void should_ignore_a_thinking_block() {
        assertThat(parse("<think>\n- not this\n- nor this\n</think>\n\n1. Real one\n2. Real two"))
                .containsExactly("Real one", "Real two");
    }

    @Test
    void should_shorten_a_heading_that_is_a_whole_paragraph() {
        String reply = "1. The beginning: in which our hero wakes up in a strange city and cannot remember anything at all\n"
                + "2. The middle\n3. The end";
        assertThat(parse(reply)).containsExactly("The beginning", "The middle", "The end");
    }

    @Test
    void should_reject_replies_without_an_outline_or_with_too_many_items() {
        assertThat(OutlineParser.parse("I cannot help with that.", 2, 8)).isEmpty();
        assertThat(OutlineParser.parse("- only one", 2, 8)).isEmpty();
        assertThat(OutlineParser.parse("", 2, 8)).isEmpty();
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 12; i++) many.append(i).append(". Part ").append(i).append('\n');
        assertThat(OutlineParser.parse(many.toString(), 2, 8)).isEmpty();
    }

    @Test
    void should_drop_duplicate_headings() {
        assertThat(parse("- Start\n- Middle\n- start\n- End")).containsExactly("Start", "Middle", "End");
    }
}
