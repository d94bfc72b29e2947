package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void should_drop_a_cut_off_last_sentence() {
        assertThat(Sentences.trimIncompleteEnding("他走进房间。灯亮着。她正在窗边看")).isEqualTo("他走进房间。灯亮着。");
        assertThat(Sentences.trimIncompleteEnding("He came in. The light was on. She was look"))
                .isEqualTo("He came in. The light was on.");
    }

    @Test
    void should_keep_closing_quotes_with_their_sentence() {
        assertThat(Sentences.trimIncompleteEnding("他说：“走吧。”她没有回")).isEqualTo("他说：“走吧。”");
    }

    @Test
    void should_keep_a_text_that_ends_cleanly_or_whose_only_boundary_is_early() {
        assertThat(Sentences.trimIncompleteEnding("全部写完了。\n\n")).isEqualTo("全部写完了。");
        assertThat(Sentences.trimIncompleteEnding("短。然后是一段非常非常非常长而且没有任何标点的文字一直写下去"))
                .isEqualTo("短。然后是一段非常非常非常长而且没有任何标点的文字一直写下去");
    }

    @Test
    void should_not_treat_decimal_points_as_sentence_ends() {
        assertThat(Sentences.trimIncompleteEnding("Pi is about 3.14159 and e is 2.71")).isEqualTo("Pi is about 3.14159 and e is 2.71");
    }

    @Test
    void should_cut_at_a_line_end_inside_code_or_lists() {
        assertThat(Sentences.trimIncompleteEnding("步骤如下：\n- 安装\n- 配置\n- 运")).isEqualTo("步骤如下：\n- 安装\n- 配置");
    }

    @Test
    void should_find_the_first_sentence_of_the_first_paragraph() {
        assertThat(Sentences.firstSentence("### 小标题\n\n夜深了。街上没有人。", 50)).isEqualTo("夜深了。");
        assertThat(Sentences.firstSentence("It was late. Nobody was out.", 50)).isEqualTo("It was late.");
        assertThat(Sentences.firstSentence("很长很长很长很长很长很长的一句话", 5)).isEqualTo("很长很长…");
        assertThat(Sentences.firstSentence("```\ncode\n```\n", 50)).isEmpty();
    }

    @Test
    void should_take_a_tail_that_starts_at_a_sentence() {
        String text = "第一句话在这里。第二句话在这里。第三句话在这里。";
        assertThat(Sentences.tail(text, 12)).isEqualTo("第三句话在这里。");
        assertThat(Sentences.tail("short", 100)).isEqualTo("short");
    }
}
