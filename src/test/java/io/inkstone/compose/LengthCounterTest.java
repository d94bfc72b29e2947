package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.LengthUnit;
import org.junit.jupiter.api.Test;

class LengthCounterTest {

    @Test
    void should_count_chinese_characters_without_punctuation_or_spaces() {
        assertThat(LengthCounter.count("春眠不觉晓，处处闻啼鸟。", LengthUnit.CHARACTERS)).isEqualTo(10);
        assertThat(LengthCounter.count("  “你好！”他说。\n\n  ", LengthUnit.CHARACTERS)).isEqualTo(4);
    }

    @Test
    void should_count_english_words_keeping_contractions_hyphens_and_numbers_whole() {
        assertThat(LengthCounter.count("The quick brown fox jumps over the lazy dog.", LengthUnit.WORDS)).isEqualTo(9);
        assertThat(LengthCounter.count("Don't stop: a well-known fact, 3,000 people and 3.14 pies!", LengthUnit.WORDS))
                .isEqualTo(10);
    }

    @Test
    void should_count_mixed_text_as_characters_plus_words() {
        // 我 用 写 了 个 程 序 (7) + "Java" + "3"
        assertThat(LengthCounter.count("我用Java写了3个程序。", LengthUnit.CHARACTERS)).isEqualTo(9);
        assertThat(LengthCounter.count("I love 饺子 and tea", LengthUnit.WORDS)).isEqualTo(6);
    }

    @Test
    void should_ignore_markdown_markup_and_link_targets() {
        String markdown = "# 标题\n\n- **加粗**的[链接](https://example.com/a-b)\n\n> 引用";
        assertThat(LengthCounter.count(markdown, LengthUnit.CHARACTERS)).isEqualTo(2 + 2 + 1 + 2 + 2);
    }

    @Test
    void should_count_kana_and_hangul_per_character() {
        assertThat(LengthCounter.count("こんにちは", LengthUnit.CHARACTERS)).isEqualTo(5);
        assertThat(LengthCounter.count("안녕 하세요", LengthUnit.CHARACTERS)).isEqualTo(5);
    }

    @Test
    void should_count_nothing_in_empty_text() {
        assertThat(LengthCounter.count("", LengthUnit.WORDS)).isZero();
        assertThat(LengthCounter.count(null, LengthUnit.CHARACTERS)).isZero();
        assertThat(LengthCounter.count("，。！ …", LengthUnit.CHARACTERS)).isZero();
    }
}
