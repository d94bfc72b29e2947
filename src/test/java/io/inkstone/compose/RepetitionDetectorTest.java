package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepetitionDetectorTest {

    private static final String STORY = "夜深了，小猫在屋顶上看月亮。它想起了白天的事情，心里有些难过。";

    @Test
    void should_find_a_repeated_sentence_and_keep_one_copy() {
        String loop = "他说：“我们回家吧，天已经很晚了，外面下着大雨。”";
        String text = STORY + loop.repeat(6);
        int keep = RepetitionDetector.findLoop(text, 3, 60);
        assertThat(keep).isPositive();
        assertThat(text.substring(0, keep)).isEqualTo(STORY + loop);
    }

    @Test
    void should_cut_at_the_units_natural_end_when_the_text_before_matches_its_tail() {
        String intro = "夜深了，小猫在屋顶上看月亮。";
        String loop = "它一直在想那个问题，却怎么也想不明白。";
        String text = intro + loop.repeat(10);
        assertThat(text.substring(0, RepetitionDetector.findLoop(text, 3, 100))).isEqualTo(intro + loop);
    }

    @Test
    void should_find_a_loop_without_sentence_ends() {
        String text = STORY + "哈".repeat(200);
        int keep = RepetitionDetector.findLoop(text, 3, 100);
        assertThat(text.substring(0, keep)).startsWith(STORY).hasSizeLessThan(STORY.length() + 100);
    }

    @Test
    void should_find_a_cycle_of_sentences_spaced_differently() {
        String text = STORY + "The sun rose over the quiet hills. The birds began to sing in the trees.\n"
                + "The sun rose  over the quiet hills.  The birds began to sing in the trees.\n"
                + "The sun rose over the quiet hills.\nThe birds began to sing in the trees.\n";
        int keep = RepetitionDetector.findLoop(text, 3, 100);
        assertThat(keep).isPositive();
        assertThat(text.substring(0, keep)).endsWith("The birds began to sing in the trees.\n")
                .doesNotContain("quiet hills.  The");
    }

    @Test
    void should_leave_ordinary_prose_and_short_repetition_alone() {
        String prose = "春天来了，花开了。“好！”“好！”“好！”孩子们在草地上奔跑，风筝飞得很高。哈哈哈。"
                + "- 第一步\n- 第二步\n- 第三步\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assertThat(RepetitionDetector.findLoop(prose, 3, 100)).isEqualTo(-1);
    }

    @Test
    void should_not_call_two_copies_a_loop_when_three_are_needed() {
        String paragraph = "这是一个相当长的段落，它描述了一个人在城市里的生活，包括他的工作、朋友和梦想。\n\n";
        assertThat(RepetitionDetector.findLoop(STORY + paragraph.repeat(2), 3, 60)).isEqualTo(-1);
        String looped = STORY + paragraph.repeat(3);
        int keep = RepetitionDetector.findLoop(looped, 3, 60);
        assertThat(looped.substring(0, keep).strip()).isEqualTo((STORY + paragraph).strip());
    }

    @Test
    void should_give_the_same_answer_however_the_text_arrives() {
        String text = STORY + "我不知道。".repeat(40) + "后面的字不再看。";
        RepetitionDetector whole = new RepetitionDetector(3, 100);
        whole.append(text);
        RepetitionDetector pieces = new RepetitionDetector(3, 100);
        for (int i = 0; i < text.length(); i += 7) {
            if (pieces.append(text.substring(i, Math.min(text.length(), i + 7)))) break;
        }
        assertThat(whole.loopDetected()).isTrue();
        assertThat(pieces.keepLength()).isEqualTo(whole.keepLength());
    }
}
