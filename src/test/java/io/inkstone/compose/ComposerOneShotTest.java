package io.inkstone.compose;

import static io.inkstone.compose.TestBriefs.characters;
import static io.inkstone.compose.TestBriefs.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.GenerationOverrides;
import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.StopReason;
import io.inkstone.prompt.PromptBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short briefs: one request, continued when cut off, watched for loops. */
class ComposerOneShotTest {

    @TempDir Path folder;
    private PromptBuilder prompts;

    /** Settings with a small per-request token cap, so that continuation is easy to provoke. */
    private static ComposeSettings cappedAt(int sectionMaxNewTokens, int maxContinuations) {
        ComposeSettings d = ComposeSettings.defaults();
        return new ComposeSettings(d.longFormThreshold(), maxContinuations, sectionMaxNewTokens, d.outlineMaxNewTokens(),
                d.sectionLength(), d.maxSections(), d.previousTailCharacters(), d.summaryCharacters(),
                d.loopMinRepeats(), d.loopMinCharacters());
    }

    @BeforeEach
    void prompts() {
        prompts = TestPrompts.builder(folder.resolve("templates"));
    }

    @Test
    void should_write_a_short_brief_in_one_request_with_the_briefs_prompt() {
        Brief brief = TestBriefs.english("The Walk", BriefType.POST, words(300));
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> "# A Title Of Its Own\n\nWe walked. It rained.");

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(generator.requests).hasSize(1);
        assertThat(generator.requests.getFirst().messages()).isEqualTo(prompts.forBrief(brief));
        assertThat(piece.markdown()).isEqualTo("# The Walk\n\nWe walked. It rained.\n");
        assertThat(piece.title()).isEqualTo("The Walk");
        assertThat(piece.target()).isEqualTo(words(300));
        assertThat(piece.achievedLength()).isEqualTo(4);
        assertThat(piece.parts()).singleElement().satisfies(part -> {
            assertThat(part.heading()).isEqualTo("The Walk");
            assertThat(part.stopReasons()).containsExactly(StopReason.END_OF_SEQUENCE);
            assertThat(part.loopDetected()).isFalse();
        });
        assertThat(piece.totalGeneratedTokens()).isEqualTo("# A Title Of Its Own\n\nWe walked. It rained.".length());
        assertThat(piece.modelName()).isEqualTo("scripted");
    }

    @Test
    void should_continue_a_cut_off_answer_with_the_text_so_far_as_assistant_prefix() {
        Brief brief = TestBriefs.chinese("雨夜", BriefType.STORY, characters(1000));
        String answer = TestPrompts.prose(1, 130);
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);

        ComposedPiece piece = new Composer(generator, prompts, cappedAt(64, 3))
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        // 130+ characters at 64 tokens (= characters here) per request: cut, cut, finished
        assertThat(generator.requests).hasSize(3);
        GenerationRequest first = generator.requests.get(0);
        assertThat(first.assistantPrefix()).isEmpty();
        assertThat(generator.requests.get(1).assistantPrefix()).isEqualTo(answer.substring(0, 64));
        assertThat(generator.requests.get(2).assistantPrefix()).isEqualTo(answer.substring(0, 128));
        assertThat(generator.requests).allSatisfy(request -> assertThat(request.messages()).isEqualTo(first.messages()));
        assertThat(piece.parts().getFirst().stopReasons())
                .containsExactly(StopReason.MAX_TOKENS, StopReason.MAX_TOKENS, StopReason.END_OF_SEQUENCE);
        assertThat(piece.parts().getFirst().continuations()).isEqualTo(2);
        assertThat(piece.markdown()).isEqualTo("# 雨夜\n\n" + answer + "\n");
    }

    @Test
    void should_stop_after_max_continuations_and_drop_the_cut_off_sentence() {
        Brief brief = TestBriefs.chinese("雨夜", BriefType.STORY, characters(1000));
        String answer = TestPrompts.prose(1, 900);
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);

        ComposedPiece piece = new Composer(generator, prompts, cappedAt(100, 2))
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(generator.requests).hasSize(3);
        assertThat(piece.parts().getFirst().stopReasons()).containsOnly(StopReason.MAX_TOKENS).hasSize(3);
        String body = piece.markdown().substring("# 雨夜\n\n".length()).strip();
        assertThat(answer.substring(0, 300)).startsWith(body);
        assertThat(body).endsWith("。").hasSizeBetween(250, 299);
    }

    @Test
    void should_not_continue_once_the_budget_is_met() {
        Brief brief = TestBriefs.chinese("短文", BriefType.POST, characters(100));
        String answer = TestPrompts.prose(1, 600);
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        // 100字 → max_new_tokens = 100 × 1.5 tokens/字 × 1.25 safety = 188; 188 characters already exceed 100字
        assertThat(generator.requests).singleElement()
                .satisfies(request -> assertThat(request.sampling().maxNewTokens()).isEqualTo(188));
        assertThat(piece.parts().getFirst().stopReasons()).containsExactly(StopReason.MAX_TOKENS);
        assertThat(piece.markdown()).endsWith("。\n");
        assertThat(piece.achievedLength()).isBetween(100, 188);
        assertThat(piece.target()).isEqualTo(characters(100));
    }

    @Test
    void should_cut_a_repetition_loop_during_generation_and_not_continue() {
        Brief brief = TestBriefs.chinese("循环", BriefType.POST, characters(800));
        String intro = "夜深了，小猫在屋顶上看月亮。";
        String loop = "它一直在想那个问题，却怎么也想不明白。";
        String answer = intro + loop.repeat(60) + "结尾永远不会被写出来。";
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        PartReport part = piece.parts().getFirst();
        assertThat(part.loopDetected()).isTrue();
        assertThat(part.stopReasons()).containsExactly(StopReason.CANCELLED);
        assertThat(part.generatedTokens()).isLessThan(intro.length() + loop.length() * 10);
        assertThat(generator.requests).hasSize(1);
        assertThat(piece.markdown()).isEqualTo("# 循环\n\n" + intro + loop + "\n");
    }

    @Test
    void should_apply_the_briefs_sampling_overrides_and_thinking() {
        GenerationOverrides overrides = new GenerationOverrides(0.3, 0.9, 40, null, null, 500, 7L, true);
        Brief brief = TestBriefs.withGeneration(TestBriefs.english("Sampled", BriefType.POST, words(800)), overrides);
        String answer = TestPrompts.englishProse(1, 200);
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);

        new Composer(generator, prompts, ComposeSettings.defaults()).write(brief, null, ComposeProgress.NONE, new Cancellation());

        GenerationRequest first = generator.requests.getFirst();
        assertThat(first.sampling().temperature()).isEqualTo(0.3);
        assertThat(first.sampling().topP()).isEqualTo(0.9);
        assertThat(first.sampling().topK()).isEqualTo(40);
        assertThat(first.sampling().repetitionPenalty()).isEqualTo(1.05);
        assertThat(first.sampling().seed()).isEqualTo(7L);
        assertThat(first.sampling().maxNewTokens()).isEqualTo(500); // the brief's cap beats 800 words' estimate
        assertThat(first.thinking()).isTrue();
        assertThat(generator.requests.get(1).thinking()).as("a continuation is answer text, not thinking").isFalse();
    }

    @Test
    void should_count_length_in_the_briefs_unit_for_mixed_text() {
        Brief brief = TestBriefs.chinese("混合", BriefType.POST, characters(50));
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> "我用Java写了3个程序。");

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(piece.achievedLength()).isEqualTo(LengthCounter.count("我用Java写了3个程序。", LengthUnit.CHARACTERS)).isEqualTo(9);
    }

    @Test
    void should_stop_with_a_clear_exception_when_the_caller_cancels() {
        Brief brief = TestBriefs.chinese("取消", BriefType.POST, characters(800));
        String answer = TestPrompts.prose(1, 600);
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> answer);
        Cancellation cancellation = new Cancellation();
        ComposeProgress cancelAfterTenTokens = new ComposeProgress() {
            @Override public void stage(String name) {}
            @Override public void section(int index, int count, String heading) {}
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {
                if (generated == 10) cancellation.cancel("user pressed Ctrl-C");
            }
        };

        assertThatThrownBy(() -> new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, cancelAfterTenTokens, cancellation))
                .isInstanceOf(ComposeCancelledException.class)
                .hasMessageContaining("取消").hasMessageContaining("user pressed Ctrl-C");
        assertThat(generator.requests).hasSize(1);
    }
}
