package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThinkingSplitterTest {

    /** Feeds the deltas and returns {thinking, answer}. */
    private static String[] run(ThinkingSplitter s, List<String> deltas) {
        StringBuilder thinking = new StringBuilder(), answer = new StringBuilder();
        for (String d : deltas) {
            ThinkingSplitter.Delta out = s.push(d);
            thinking.append(out.thinking());
            answer.append(out.answer());
        }
        ThinkingSplitter.Delta rest = s.flush();
        return new String[] {thinking.append(rest.thinking()).toString(), answer.append(rest.answer()).toString()};
    }

    @Test
    void should_split_thinking_from_the_answer_with_tags_split_across_deltas() {
        String[] out = run(new ThinkingSplitter(), List.of("<th", "ink>\nLet me", " think.\n</t", "hink", ">\n\nThe poem", " begins."));
        assertThat(out).containsExactly("Let me think.", "The poem begins.");
    }

    @Test
    void should_split_every_character_separately() {
        String text = "\n<think>\nplan: a, b\n</think>\n\n秋风起 🍂";
        List<String> deltas = text.codePoints().mapToObj(Character::toString).toList();
        assertThat(run(new ThinkingSplitter(), deltas)).containsExactly("plan: a, b", "秋风起 🍂");
    }

    @Test
    void should_stream_thinking_as_it_comes() {
        ThinkingSplitter s = new ThinkingSplitter();
        assertThat(s.push("<think>\nfirst ")).isEqualTo(new ThinkingSplitter.Delta("first ", ""));
        assertThat(s.inThinking()).isTrue();
        assertThat(s.push("idea\n")).isEqualTo(new ThinkingSplitter.Delta("idea", ""));
        assertThat(s.push("more")).isEqualTo(new ThinkingSplitter.Delta("\nmore", ""));
        assertThat(s.push("</think>")).isEqualTo(ThinkingSplitter.Delta.EMPTY);
        assertThat(s.push("\n\nAnswer")).isEqualTo(new ThinkingSplitter.Delta("", "Answer"));
        assertThat(s.inThinking()).isFalse();
    }

    @Test
    void should_treat_text_without_thinking_and_a_late_think_tag_as_answer() {
        assertThat(run(new ThinkingSplitter(), List.of("Plain ", "answer <think> is text here", "</think>")))
                .containsExactly("", "Plain answer <think> is text here</think>");
        assertThat(run(new ThinkingSplitter(), List.of("<thi", "s is not a tag>"))).containsExactly("", "<this is not a tag>");
    }

    @Test
    void should_start_inside_thinking_when_the_prompt_opened_it() {
        assertThat(run(new ThinkingSplitter(true), List.of("\nreasoning", "</think>\n\nanswer"))).containsExactly("reasoning", "answer");
    }

    @Test
    void should_give_unterminated_thinking_back_as_thinking() {
        assertThat(run(new ThinkingSplitter(), List.of("<think>cut off mid </th"))).containsExactly("cut off mid </th", "");
    }
}
