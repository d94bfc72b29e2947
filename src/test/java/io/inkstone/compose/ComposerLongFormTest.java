package io.inkstone.compose;

import static io.inkstone.compose.TestBriefs.characters;
import static io.inkstone.compose.TestBriefs.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.StopReason;
import io.inkstone.prompt.PromptBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long briefs: outline, sections in order with context, continuation, loops, cancellation, outline fallback. */
class ComposerLongFormTest {

    @TempDir Path folder;
    private PromptBuilder prompts;

    @BeforeEach
    void prompts() {
        prompts = TestPrompts.builder(folder.resolve("templates"));
    }

    /** Outline replies from {@code outline}; each section answers "## heading" and prose of its budget. */
    private static Function<GenerationRequest, String> script(Function<GenerationRequest, String> outline) {
        return request -> {
            if (TestPrompts.isOutline(request)) return outline.apply(request);
            TestPrompts.SectionAsk ask = TestPrompts.section(request);
            int budget = Integer.parseInt(ask.budget().replaceAll("\\D", ""));
            return "## " + ask.heading() + "\n\n" + TestPrompts.prose(ask.index(), budget);
        };
    }

    private static final String FOUR_HEADINGS = "好的，大纲如下：\n\n1. 雨夜\n2. 相遇\n3. 归途\n4. 团圆\n";

    @Test
    void should_plan_an_outline_then_write_each_section_with_its_budget_and_context() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> FOUR_HEADINGS));

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        // 3000字 / 800 per section → 4 sections of 750字
        assertThat(TestPrompts.user(generator.requests.getFirst())).isEqualTo("OUTLINE [月光下的猫] count=4 length=3000字 strict=false");
        List<TestPrompts.SectionAsk> asks = generator.requests.subList(1, 5).stream().map(TestPrompts::section).toList();
        assertThat(asks).extracting(TestPrompts.SectionAsk::heading).containsExactly("雨夜", "相遇", "归途", "团圆");
        assertThat(asks).extracting(TestPrompts.SectionAsk::budget).containsOnly("750字");
        assertThat(asks).extracting(TestPrompts.SectionAsk::index).containsExactly(1, 2, 3, 4);
        assertThat(generator.requests.subList(1, 5)).allSatisfy(request -> {
            assertThat(TestPrompts.user(request)).contains("OUTLINE 雨夜|相遇|归途|团圆|");
            // 750字 × 1.5 tokens/字 × 1.25 safety, under the 1536 cap
            assertThat(request.sampling().maxNewTokens()).isEqualTo(1407);
        });
        assertThat(asks.get(0).previousTail()).isEmpty();
        assertThat(asks.get(0).summary()).isEmpty();
        assertThat(TestPrompts.prose(1, 750)).endsWith(asks.get(1).previousTail());
        assertThat(asks.get(1).previousTail()).startsWith("第1节第").hasSizeBetween(100, 300);
        assertThat(asks.get(1).summary()).isEqualTo("雨夜：第1节第1句讲了一件新鲜事情。");
        assertThat(asks.get(3).summary())
                .isEqualTo("雨夜：第1节第1句讲了一件新鲜事情。\n相遇：第2节第1句讲了一件新鲜事情。\n归途：第3节第1句讲了一件新鲜事情。");
        assertThat(generator.requests).extracting(r -> r.sampling().seed()).containsExactly(42L, 43L, 44L, 45L, 46L);

        String expected = "# 月光下的猫\n\n"
                + "## 雨夜\n\n" + TestPrompts.prose(1, 750) + "\n\n"
                + "## 相遇\n\n" + TestPrompts.prose(2, 750) + "\n\n"
                + "## 归途\n\n" + TestPrompts.prose(3, 750) + "\n\n"
                + "## 团圆\n\n" + TestPrompts.prose(4, 750) + "\n";
        assertThat(piece.markdown()).isEqualTo(expected);
        assertThat(piece.parts()).extracting(PartReport::heading).containsExactly("outline", "雨夜", "相遇", "归途", "团圆");
        assertThat(piece.parts()).allSatisfy(part -> assertThat(part.stopReasons()).containsExactly(StopReason.END_OF_SEQUENCE));
        assertThat(piece.totalGeneratedTokens()).isEqualTo(piece.parts().stream().mapToInt(PartReport::generatedTokens).sum());
        assertThat(piece.target()).isEqualTo(characters(3000));
        assertThat(piece.achievedLength()).isEqualTo(LengthCounter.count(expected.substring(expected.indexOf('\n')), LengthUnit.CHARACTERS));
        assertThat(piece.achievedLength()).isBetween(3000, 3100);
    }

    @Test
    void should_split_an_english_budget_in_words() {
        Brief brief = TestBriefs.english("The Long Road", BriefType.ARTICLE, words(2000));
        List<String> budgets = new ArrayList<>();
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> {
            if (TestPrompts.isOutline(request)) return "1. Start\n2. Middle\n3. End";
            TestPrompts.SectionAsk ask = TestPrompts.section(request);
            if (request.assistantPrefix().isEmpty()) budgets.add(ask.budget());
            return TestPrompts.englishProse(ask.index(), 600);
        });

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(TestPrompts.user(generator.requests.getFirst())).contains("count=3 length=2000 words");
        assertThat(budgets).containsExactly("667 words", "667 words", "666 words");
        // three one-word headings and three sections of 86 seven-word sentences; the title is not counted
        assertThat(piece.achievedLength()).isEqualTo(3 + 3 * 602);
    }

    @Test
    void should_use_the_briefs_own_outline_without_asking_the_model() {
        Brief brief = TestBriefs.withOutline(TestBriefs.chinese("短篇", BriefType.STORY, characters(600)), List.of("甲", "乙"));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> {
            throw new AssertionError("no outline request expected");
        }));

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(generator.requests).hasSize(2);
        assertThat(generator.requests).extracting(r -> TestPrompts.section(r).budget()).containsExactly("300字", "300字");
        assertThat(piece.parts()).extracting(PartReport::heading).containsExactly("甲", "乙");
        assertThat(piece.markdown()).startsWith("# 短篇\n\n## 甲\n\n第1节").contains("\n\n## 乙\n\n第2节");
    }

    @Test
    void should_retry_an_unusable_outline_strictly_then_use_the_reply() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request ->
                TestPrompts.isStrictOutline(request) ? "[\"雨夜\", \"相遇\", \"团圆\"]" : "这是一个关于猫的故事，我会写得很好。"));

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(generator.requests.subList(0, 2)).extracting(TestPrompts::user).containsExactly(
                "OUTLINE [月光下的猫] count=4 length=3000字 strict=false", "OUTLINE [月光下的猫] count=4 length=3000字 strict=true");
        assertThat(piece.parts()).extracting(PartReport::heading).containsExactly("outline", "outline", "雨夜", "相遇", "团圆");
        assertThat(generator.requests.subList(2, 5)).extracting(r -> TestPrompts.section(r).budget()).containsOnly("1000字");
    }

    @Test
    void should_fall_back_to_the_types_structure_when_the_outline_stays_unusable() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> "抱歉，我无法完成。"));
        List<String> notes = new ArrayList<>();

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, recordingNotes(notes), new Cancellation());

        assertThat(generator.requests.stream().filter(TestPrompts::isOutline)).hasSize(2);
        assertThat(piece.parts()).extracting(PartReport::heading)
                .containsExactly("outline", "outline", "开端", "发展", "转折", "高潮", "结局");
        assertThat(piece.markdown()).contains("## 开端", "## 结局");
        assertThat(notes).anyMatch(note -> note.contains("default structure for a story"));
    }

    @Test
    void should_write_english_fallback_headings_for_an_english_brief() {
        Brief brief = TestBriefs.english("How to Brew", BriefType.TUTORIAL, words(2000));
        ScriptedGenerator generator = ScriptedGenerator.answering(request ->
                TestPrompts.isOutline(request) ? "Sure!" : TestPrompts.englishProse(1, 20));

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(piece.parts().subList(2, 7)).extracting(PartReport::heading)
                .containsExactly("Introduction", "Prerequisites", "Step by step", "Common problems", "Summary");
    }

    @Test
    void should_continue_cut_off_sections_before_the_next_section_starts() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ComposeSettings d = ComposeSettings.defaults();
        ComposeSettings smallCap = new ComposeSettings(d.longFormThreshold(), 3, 500, d.outlineMaxNewTokens(),
                d.sectionLength(), d.maxSections(), d.previousTailCharacters(), d.summaryCharacters(),
                d.loopMinRepeats(), d.loopMinCharacters());
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> FOUR_HEADINGS));

        ComposedPiece piece = new Composer(generator, prompts, smallCap).write(brief, null, ComposeProgress.NONE, new Cancellation());

        // ~890 characters per section at 500 tokens per request: each section is continued once, in order
        assertThat(piece.parts().subList(1, 5)).allSatisfy(part ->
                assertThat(part.stopReasons()).containsExactly(StopReason.MAX_TOKENS, StopReason.END_OF_SEQUENCE));
        assertThat(generator.requests.subList(1, 9)).extracting(r -> TestPrompts.section(r).index())
                .containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
        assertThat(piece.markdown()).contains(TestPrompts.prose(2, 750));
    }

    @Test
    void should_find_a_loop_in_a_section_and_cut_it() {
        Brief brief = TestBriefs.withOutline(TestBriefs.chinese("循环", BriefType.STORY, characters(1600)), List.of("甲", "乙"));
        String loop = "它一直在想那个问题，却怎么也想不明白。";
        ScriptedGenerator generator = ScriptedGenerator.answering(request ->
                TestPrompts.section(request).index() == 1 ? "开头。" + loop.repeat(40) : TestPrompts.prose(2, 800));

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(piece.parts().get(0).loopDetected()).isTrue();
        assertThat(piece.parts().get(1).loopDetected()).isFalse();
        assertThat(piece.markdown()).startsWith("# 循环\n\n## 甲\n\n开头。" + loop + "\n\n## 乙\n\n第2节");
    }

    @Test
    void should_stop_in_the_middle_of_a_section_when_the_caller_cancels() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> FOUR_HEADINGS));
        Cancellation cancellation = new Cancellation();
        ComposeProgress cancelDuringSectionOne = new ComposeProgress() {
            @Override public void stage(String name) {}
            @Override public void section(int index, int count, String heading) {}
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {
                if (generated == 300) cancellation.cancel("shutdown");
            }
        };

        assertThatThrownBy(() -> new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, cancelDuringSectionOne, cancellation))
                .isInstanceOf(ComposeCancelledException.class).hasMessageContaining("shutdown");
        assertThat(generator.requests).as("the outline, then section 1 only").hasSize(2);
    }

    @Test
    void should_report_stages_sections_and_tokens() {
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        ScriptedGenerator generator = ScriptedGenerator.answering(script(request -> FOUR_HEADINGS));
        List<String> events = new ArrayList<>();
        int[] lastTokens = {0};
        Duration[] firstEta = {null};
        ComposeProgress progress = new ComposeProgress() {
            @Override public void stage(String name) { events.add("stage " + name); }
            @Override public void section(int index, int count, String heading) { events.add(index + "/" + count + " " + heading); }
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {
                assertThat(generated).isGreaterThanOrEqualTo(lastTokens[0]);
                lastTokens[0] = generated;
                if (firstEta[0] == null) firstEta[0] = eta;
            }
        };

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults()).write(brief, null, progress, new Cancellation());

        assertThat(events).containsExactly("stage outline", "stage sections", "1/4 雨夜", "2/4 相遇", "3/4 归途", "4/4 团圆",
                "stage clean-up");
        assertThat(lastTokens[0]).isEqualTo(piece.totalGeneratedTokens());
        assertThat(firstEta[0]).isNotNull();
    }

    static ComposeProgress recordingNotes(List<String> notes) {
        return new ComposeProgress() {
            @Override public void stage(String name) {}
            @Override public void section(int index, int count, String heading) {}
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {}
            @Override public void note(String message) { notes.add(message); }
        };
    }
}
