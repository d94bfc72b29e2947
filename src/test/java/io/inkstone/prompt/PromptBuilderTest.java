package io.inkstone.prompt;

import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.Brief;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every built-in template, expanded for a Chinese story brief and an English post brief. */
class PromptBuilderTest {

    private static final TemplateLibrary LIBRARY = TemplateLibrary.builtIn();
    private final PromptBuilder builder = new PromptBuilder(LIBRARY);

    private static final Map<String, Object> OUTLINE_VARIABLES =
            Map.of("sectionCount", 5, "targetLength", "3000字", "strict", false);

    private static Map<String, Object> sectionVariables(int index) {
        return Map.of("outline", List.of("初秋", "旧事", "告别"), "sectionIndex", index, "sectionCount", 3,
                "sectionHeading", List.of("初秋", "旧事", "告别").get(index - 1), "sectionBudget", "900字",
                "previousTail", "老人把猫抱到窗台上。", "summary", "老人与猫的日常。");
    }

    static Stream<Arguments> everyTemplateForBothBriefs() {
        return Stream.of(Briefs.zhStory(), Briefs.enPost()).flatMap(brief -> Stream.of(
                Arguments.of("role-task-requirement", brief, Map.of()),
                Arguments.of("few-shot", brief, Map.of()),
                Arguments.of("outline", brief, OUTLINE_VARIABLES),
                Arguments.of("section", brief, sectionVariables(2))));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("everyTemplateForBothBriefs")
    void should_expand_every_built_in_into_a_system_then_user_message(String name, Brief brief, Map<String, Object> extra) {
        List<ChatMessage> messages = builder.expand(name, brief, extra);

        assertThat(messages).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(messages).allSatisfy(m -> assertThat(m.content()).isEqualTo(m.content().strip()).isNotBlank()
                .doesNotContain("{{").doesNotContain("{%").doesNotContain("\n\n\n"));
        assertThat(messages.get(1).content()).contains(brief.title()).contains(brief.task());
    }

    @Test
    void should_give_a_chinese_brief_chinese_instructions_with_a_numbered_structure() {
        List<ChatMessage> messages = builder.forBrief(Briefs.zhStory());

        String system = messages.get(0).content();
        assertThat(system).startsWith("你是一位擅长细腻描写的短篇小说作家。")
                .contains("用简体中文写作").contains("Markdown").contains("第一行是一级标题：# 秋天的告别")
                .contains("不要写开场白");
        String user = messages.get(1).content();
        assertThat(user).contains("1. 任务：写一个关于老人和他养了十年的猫在秋天告别的故事。")
                .contains("2. 要求：\n   - 以第三人称叙述\n   - 结尾留有余味，不要直接点明主题\n")
                .contains("3. 读者：喜欢文学的成年读者")
                .contains("4. 语气与风格：温暖而克制；白描，多用细节")
                .contains("5. 篇幅：约 3000 字（按汉字计算，不含标点和空格）");
    }

    @Test
    void should_number_only_the_items_an_english_brief_gives_and_count_words() {
        List<ChatMessage> messages = builder.forBrief(Briefs.enPost());

        String system = messages.get(0).content();
        assertThat(system).startsWith("You are an experienced writer.").contains("Write in English.")
                .contains("Output only the blog post itself, formatted in Markdown.")
                .contains("# Why run language models locally").contains("Do not add a preamble");
        String user = messages.get(1).content();
        assertThat(user).contains("1. Task: Explain to a general audience")
                .contains("2. Length: about 800 words.")
                .doesNotContain("Requirements").doesNotContain("Audience").doesNotContain("3.");
    }

    @Test
    void should_choose_few_shot_for_a_brief_with_examples_and_turn_each_example_into_a_pair_in_order() {
        Brief brief = Briefs.zhStoryWithExamples();
        assertThat(builder.templateNameFor(brief)).isEqualTo("few-shot");

        List<ChatMessage> messages = builder.forBrief(brief);

        assertThat(messages).extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.get(1).content()).isEqualTo("写一段悲伤的告别信的开头");
        assertThat(messages.get(2).content()).isEqualTo("亲爱的你，当我写下这封信时，窗外的雨已经下了三天……");
        assertThat(messages.get(3).content()).isEqualTo("写一段春天清晨的描写");
        assertThat(messages.get(4).content()).isEqualTo("天刚亮，巷子口的豆浆铺已经冒出了白气。");
        assertThat(messages.get(5).content()).contains("1. 任务：").contains("约 3000 字");
        assertThat(messages.get(0).content()).contains("示例");
    }

    @Test
    void should_use_the_template_a_brief_names_and_the_default_otherwise() {
        assertThat(builder.templateNameFor(Briefs.zhStory())).isEqualTo("role-task-requirement");
        assertThat(builder.templateNameFor(Briefs.enPostWithTemplate("few-shot"))).isEqualTo("few-shot");
        assertThatThrownBy(() -> builder.forBrief(Briefs.enPostWithTemplate("sonnet")))
                .isInstanceOf(UnknownTemplateException.class)
                .hasMessageContaining("unknown template 'sonnet'")
                .hasMessageContaining("available templates: few-shot, outline, role-task-requirement, section");
    }

    @Test
    void should_ask_the_outline_for_exactly_n_headings_and_only_the_list_when_strict() {
        String normal = builder.expand("outline", Briefs.zhStory(), OUTLINE_VARIABLES).get(1).content();
        assertThat(normal).contains("恰好 5 个小节标题").contains("Markdown 有序列表").contains("全文篇幅：3000字")
                .doesNotContain("只输出这个列表");

        Map<String, Object> strict = Map.of("sectionCount", 4, "targetLength", "2000 words", "strict", true);
        String strictEn = builder.expand("outline", Briefs.enPost(), strict).get(1).content();
        assertThat(strictEn).contains("exactly 4 section headings").contains("Total length: 2000 words")
                .contains("Output only the list: exactly 4 lines");

        assertThat(strictEn).contains("numbered list").doesNotContain("JSON");
    }

    @Test
    void should_give_the_section_prompt_the_outline_the_place_the_budget_and_the_context() {
        String middle = builder.expand("section", Briefs.zhStory(), sectionVariables(2)).get(1).content();
        assertThat(middle).contains("1. 初秋\n2. 旧事\n3. 告别")
                .contains("前文概要：\n老人与猫的日常。")
                .contains("<previous>\n老人把猫抱到窗台上。\n</previous>")
                .contains("现在只写第 2 节「旧事」").contains("第一行是：## 旧事").contains("篇幅约 900字")
                .contains("这不是最后一节");

        String last = builder.expand("section", Briefs.zhStory(), sectionVariables(3)).get(1).content();
        assertThat(last).contains("这是最后一节");
        String opening = builder.expand("section", Briefs.zhStory(), sectionVariables(1)).get(1).content();
        // every section's prompt is the same up to the end of the outline (the engine reuses that prefix)
        int outlineEnd = middle.indexOf("3. 告别") + "3. 告别".length();
        assertThat(opening.substring(0, outlineEnd)).isEqualTo(middle.substring(0, outlineEnd));
        assertThat(last.substring(0, outlineEnd)).isEqualTo(middle.substring(0, outlineEnd));

        Map<String, Object> noContext = new java.util.HashMap<>(sectionVariables(1));
        noContext.put("previousTail", "");
        noContext.put("summary", "");
        String first = builder.expand("section", Briefs.enPost(), noContext).get(1).content();
        assertThat(first).doesNotContain("<previous>").doesNotContain("Summary")
                .contains("Now write only section 1, \"初秋\"").contains("The first line is: ## 初秋");
    }

    @Test
    void should_name_the_missing_stage_variable_and_where_it_is_declared() {
        assertThatThrownBy(() -> builder.expand("section", Briefs.zhStory(), Map.of("sectionIndex", 1)))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("classpath:templates/section.md:5:")
                .hasMessageContaining("needs the variable 'outline', which was not given");
    }

    @Test
    void should_refuse_java_objects_as_variables() {
        assertThatThrownBy(() -> builder.expand("outline", Briefs.enPost(), Map.of("sectionCount", 4, "targetLength", new StringBuilder("x"), "strict", false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'targetLength' holds a java.lang.StringBuilder");
    }

    @Test
    void should_let_every_built_in_suit_every_brief_type() {
        for (String name : TemplateLibrary.BUILT_IN_NAMES) {
            assertThat(LIBRARY.get(name).suits(io.inkstone.brief.BriefType.POEM)).as(name).isTrue();
            assertThat(LIBRARY.get(name).description()).as(name).isNotBlank();
        }
    }
}
