package io.inkstone.compose;

import static io.inkstone.compose.TestBriefs.characters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.prompt.PromptBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: a crash or a cancellation resumes after the last finished section. */
class ComposerResumeTest {

    @TempDir Path folder;
    private PromptBuilder prompts;
    private Path checkpoint;
    private final Brief brief = TestBriefs.chinese("月光下的猫", BriefType.STORY, characters(3000));

    private static final Function<GenerationRequest, String> SCRIPT = request -> {
        if (TestPrompts.isOutline(request)) return "1. 雨夜\n2. 相遇\n3. 归途\n4. 团圆";
        TestPrompts.SectionAsk ask = TestPrompts.section(request);
        return TestPrompts.prose(ask.index(), 750);
    };

    @BeforeEach
    void setUp() {
        prompts = TestPrompts.builder(folder.resolve("templates"));
        checkpoint = folder.resolve("state/moon.checkpoint.json");
    }

    private ComposedPiece write(ScriptedGenerator generator, Brief which, ComposeProgress progress) {
        return new Composer(generator, prompts, ComposeSettings.defaults()).write(which, checkpoint, progress, new Cancellation());
    }

    @Test
    void should_resume_after_a_crash_from_the_last_finished_section() throws Exception {
        ComposedPiece uninterrupted = write(ScriptedGenerator.answering(SCRIPT), brief, ComposeProgress.NONE);
        assertThat(checkpoint).as("a finished piece leaves no checkpoint").doesNotExist();

        // call 1 = outline, calls 2 and 3 = sections 1 and 2, call 4 = section 3 crashes
        ScriptedGenerator crashing = ScriptedGenerator.answering(SCRIPT).crashingAtCall(4);
        assertThatThrownBy(() -> write(crashing, brief, ComposeProgress.NONE)).hasMessageContaining("simulated crash");
        Checkpoint saved = Checkpoint.read(checkpoint);
        assertThat(saved.outline()).containsExactly("雨夜", "相遇", "归途", "团圆");
        assertThat(saved.sections()).extracting(Checkpoint.FinishedSection::heading).containsExactly("雨夜", "相遇");
        assertThat(saved.briefId()).isEqualTo("test-brief");

        ScriptedGenerator resumed = ScriptedGenerator.answering(SCRIPT);
        List<String> notes = new ArrayList<>();
        ComposedPiece piece = write(resumed, brief, ComposerLongFormTest.recordingNotes(notes));

        assertThat(resumed.requests).hasSize(2);
        assertThat(resumed.requests).extracting(r -> TestPrompts.section(r).index()).containsExactly(3, 4);
        assertThat(TestPrompts.section(resumed.requests.getFirst()).summary())
                .as("context is rebuilt from the saved sections").contains("雨夜：", "相遇：");
        assertThat(notes).anyMatch(note -> note.contains("resuming") && note.contains("2 of 4"));
        assertThat(piece.markdown()).isEqualTo(uninterrupted.markdown());
        assertThat(piece.parts()).isEqualTo(uninterrupted.parts());
        assertThat(piece.totalGeneratedTokens()).isEqualTo(uninterrupted.totalGeneratedTokens());
        assertThat(checkpoint).doesNotExist();
    }

    @Test
    void should_keep_finished_sections_when_the_caller_cancels() throws Exception {
        Cancellation cancellation = new Cancellation();
        ComposeProgress cancelInThirdSection = new ComposeProgress() {
            @Override public void stage(String name) {}
            @Override public void section(int index, int count, String heading) {
                if (index == 3) cancellation.cancel("shutdown");
            }
            @Override public void tokens(int generated, double tokensPerSecond, Duration eta) {}
        };
        ScriptedGenerator generator = ScriptedGenerator.answering(SCRIPT);

        assertThatThrownBy(() -> new Composer(generator, prompts, ComposeSettings.defaults())
                .write(brief, checkpoint, cancelInThirdSection, cancellation))
                .isInstanceOf(ComposeCancelledException.class)
                .hasMessageContaining("shutdown").hasMessageContaining(checkpoint.toString());

        assertThat(Checkpoint.read(checkpoint).sections()).hasSize(2);
        ScriptedGenerator resumed = ScriptedGenerator.answering(SCRIPT);
        write(resumed, brief, ComposeProgress.NONE);
        assertThat(resumed.requests).hasSize(2);
    }

    @Test
    void should_start_over_when_the_checkpoint_is_for_another_version_of_the_brief() {
        assertThatThrownBy(() -> write(ScriptedGenerator.answering(SCRIPT).crashingAtCall(3), brief, ComposeProgress.NONE))
                .hasMessageContaining("simulated crash");
        assertThat(checkpoint).exists();

        Brief changed = TestBriefs.withTask(brief, "写一个完全不同的故事。");
        ScriptedGenerator generator = ScriptedGenerator.answering(SCRIPT);
        List<String> notes = new ArrayList<>();
        write(generator, changed, ComposerLongFormTest.recordingNotes(notes));

        assertThat(generator.requests).hasSize(5);
        assertThat(TestPrompts.isOutline(generator.requests.getFirst())).isTrue();
        assertThat(notes).anyMatch(note -> note.contains("another version of this brief") && note.contains("starting over"));
    }

    @Test
    void should_start_over_when_the_checkpoint_cannot_be_read() throws Exception {
        Files.createDirectories(checkpoint.getParent());
        Files.writeString(checkpoint, "{ not json");
        ScriptedGenerator generator = ScriptedGenerator.answering(SCRIPT);
        List<String> notes = new ArrayList<>();

        ComposedPiece piece = write(generator, brief, ComposerLongFormTest.recordingNotes(notes));

        assertThat(generator.requests).hasSize(5);
        assertThat(piece.markdown()).contains("## 团圆");
        assertThat(notes).anyMatch(note -> note.contains("cannot read checkpoint"));
    }

    @Test
    void should_hash_only_what_shapes_the_text() {
        Brief sameContent = TestBriefs.withTask(brief, brief.task());
        assertThat(Checkpoint.hashOf(sameContent)).isEqualTo(Checkpoint.hashOf(brief)).hasSize(64);
        assertThat(Checkpoint.hashOf(TestBriefs.withTask(brief, "别的任务"))).isNotEqualTo(Checkpoint.hashOf(brief));
        assertThat(Checkpoint.hashOf(TestBriefs.withOutline(brief, List.of("甲", "乙")))).isNotEqualTo(Checkpoint.hashOf(brief));
    }
}
