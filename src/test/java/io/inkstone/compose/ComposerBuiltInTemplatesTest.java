package io.inkstone.compose;

import static io.inkstone.compose.TestBriefs.characters;
import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.llm.Cancellation;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.prompt.TemplateLibrary;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The composer's variables expand in the shipped outline and section templates. */
class ComposerBuiltInTemplatesTest {

    @Test
    void should_fill_the_shipped_outline_and_section_templates() {
        PromptBuilder prompts = new PromptBuilder(TemplateLibrary.builtIn());
        Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));
        int[] calls = {0};
        ScriptedGenerator generator = ScriptedGenerator.answering(request -> {
            if (request.assistantPrefix().isEmpty()) calls[0]++;
            return calls[0] == 1 ? "1. 雨夜\n2. 相遇\n3. 归途\n4. 团圆" : TestPrompts.prose(calls[0] - 1, 750);
        });

        ComposedPiece piece = new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, null, ComposeProgress.NONE, new Cancellation());

        assertThat(generator.requests.getFirst().messages()).isEqualTo(prompts.expand("outline", brief,
                Map.of("sectionCount", 4, "targetLength", "3000字", "strict", false)));
        String second = TestPrompts.user(generator.requests.get(1));
        assertThat(second).contains("雨夜", "相遇", "归途", "团圆", "750字").doesNotContain("<previous>");
        String third = TestPrompts.user(generator.requests.get(2));
        assertThat(third).contains("相遇", "雨夜：第1节第1句讲了一件新鲜事情。", "<previous>")
                .contains(Sentences.tail(TestPrompts.prose(1, 750), 300));
        assertThat(piece.markdown()).startsWith("# 月光下的猫\n\n## 雨夜\n\n第1节第1句").contains("\n## 团圆\n\n第4节第1句");
    }
}
