package io.inkstone.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.BriefType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain values a brief becomes for templates. */
class BriefVariablesTest {

    @Test
    void should_turn_a_brief_into_plain_values() {
        Map<String, Object> values = BriefVariables.of(Briefs.zhStoryWithExamples());

        assertThat(values).containsEntry("title", "秋天的告别").containsEntry("type", "story")
                .containsEntry("typeLabel", "故事").containsEntry("language", "zh-CN")
                .containsEntry("languageName", "简体中文").containsEntry("zh", true)
                .containsEntry("requirements", List.of("以第三人称叙述", "结尾留有余味，不要直接点明主题"))
                .containsEntry("length", Map.of("value", 3000, "unit", "characters", "text", "3000字"))
                .containsEntry("briefOutline", List.of())
                .doesNotContainKey("outline");
        assertThat(values.get("examples")).isEqualTo(List.of(
                Map.of("input", "写一段悲伤的告别信的开头", "output", "亲爱的你，当我写下这封信时，窗外的雨已经下了三天……", "number", 1),
                Map.of("input", "写一段春天清晨的描写", "output", "天刚亮，巷子口的豆浆铺已经冒出了白气。", "number", 2)));
    }

    @Test
    void should_give_absent_texts_as_empty_strings_and_absent_length_as_null() {
        Map<String, Object> values = BriefVariables.of(Briefs.enPost());
        assertThat(values).containsEntry("role", "").containsEntry("audience", "").containsEntry("tone", "")
                .containsEntry("style", "").containsEntry("zh", false).containsEntry("languageName", "English")
                .containsEntry("typeLabel", "blog post");
        assertThat(values.values()).allSatisfy(v -> assertThat(v == null
                || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof List
                || v instanceof Map).isTrue());
    }

    @Test
    void should_make_the_role_read_after_you_are() {
        assertThat(BriefVariables.role("A support analyst who writes clearly.")).isEqualTo("a support analyst who writes clearly");
        assertThat(BriefVariables.role("An editor")).isEqualTo("an editor");
        assertThat(BriefVariables.role("Anna's ghostwriter")).isEqualTo("Anna's ghostwriter");
        assertThat(BriefVariables.role("一位小说家。")).isEqualTo("一位小说家");
        assertThat(BriefVariables.role(null)).isEmpty();
    }

    @Test
    void should_name_the_writing_language_in_the_instruction_language() {
        assertThat(BriefVariables.languageName("zh-TW")).isEqualTo("繁體中文");
        assertThat(BriefVariables.languageName("zh-Hant-HK")).isEqualTo("繁體中文");
        assertThat(BriefVariables.languageName("zh")).isEqualTo("简体中文");
        assertThat(BriefVariables.languageName("ja")).isEqualTo("Japanese");
        assertThat(BriefVariables.languageName("en-GB")).isEqualTo("English");
    }

    @Test
    void should_label_every_brief_type_in_both_languages() {
        for (BriefType type : BriefType.values()) {
            assertThat(BriefVariables.typeLabel(type, true)).as(type.name()).isNotBlank();
            assertThat(BriefVariables.typeLabel(type, false)).as(type.name()).isNotBlank();
        }
    }
}
