package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.qwen3.FixtureA;
import io.inkstone.llm.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation through the {@link io.inkstone.llm.Generator} API on fixture A's model: streaming, stop reasons, chat, errors. */
class Qwen3EngineTest {

    private static final int CONTEXT = 64;

    @TempDir
    static Path dir;

    private static Path model;
    private static Qwen3Engine engine;

    @BeforeAll
    static void load() throws Exception {
        model = FixtureA.writeModel(dir);
        engine = Qwen3Engine.open(model, new EngineOptions(Dtype.BF16, CONTEXT, 1), LoadProgress.NONE);
    }

    @AfterAll
    static void close() {
        if (engine != null) engine.close();
    }

    private static SamplingOptions greedy(int maxNewTokens) {
        return SamplingOptions.greedy(maxNewTokens);
    }

    /** Collects what a generation streams. */
    private static final class Recorder implements GenerationListener {
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final List<String> deltas = new ArrayList<>();
        int progressCalls;

        @Override
        public void onText(String delta) {
            deltas.add(delta);
            text.append(delta);
        }

        @Override
        public void onThinking(String delta) {
            thinking.append(delta);
        }

        @Override
        public void onProgress(int generatedTokens, int maxNewTokens, double tokensPerSecond) {
            progressCalls++;
        }
    }

    @Test
    void should_stream_whole_characters_that_add_up_to_the_decoded_answer() {
        Recorder recorder = new Recorder();
        GenerationResult result = engine.generate(GenerationRequest.raw("人工智能正在改变写作的方式。", greedy(24)), recorder, new Cancellation());
        assertThat(result.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(result.generatedTokens()).isEqualTo(24).isEqualTo(result.generatedIds().size());
        assertThat(result.promptTokens()).isEqualTo(6);
        assertThat(recorder.text.toString()).isEqualTo(result.text());
        int[] ids = result.generatedIds().stream().mapToInt(Integer::intValue).toArray();
        assertThat(result.text()).isEqualTo(engine.tokenizer().decode(ids, false));
        assertThat(String.join("", recorder.deltas)).doesNotContain("\uFFFD");
        assertThat(recorder.progressCalls).isEqualTo(24);
        assertThat(result.timings().prefillSeconds()).isPositive();
        assertThat(result.timings().decodeSeconds()).isPositive();
    }

    @Test
    void should_stop_before_a_stop_string() {
        GenerationRequest request = GenerationRequest.raw("The quick brown fox", greedy(24));
        String full = engine.generate(request).text();
        String stop = full.substring(full.length() / 2, full.length() / 2 + 2);
        SamplingOptions withStop = new SamplingOptions(0, 0, 1, 0, 1, 0, 24, 0, List.of(stop), false);
        Recorder recorder = new Recorder();
        GenerationResult result = engine.generate(request.withSampling(withStop), recorder, new Cancellation());
        assertThat(result.stopReason()).isEqualTo(StopReason.STOP_STRING);
        assertThat(result.text()).isEqualTo(full.substring(0, full.indexOf(stop))).isEqualTo(recorder.text.toString());
    }

    @Test
    void should_stop_at_end_of_sequence_unless_told_to_ignore_it() throws Exception {
        int first = engine.generate(GenerationRequest.raw("The quick brown fox", greedy(1))).generatedIds().get(0);
        Path copy = dir.resolve("eos-copy");
        Files.createDirectories(copy);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Files.writeString(copy.resolve("generation_config.json"), "{\"eos_token_id\": [" + first + ", 151645], \"do_sample\": false}");
        try (Qwen3Engine eosEngine = Qwen3Engine.open(copy, new EngineOptions(Dtype.BF16, CONTEXT, 1), LoadProgress.NONE)) {
            GenerationResult stopped = eosEngine.generate(GenerationRequest.raw("The quick brown fox", greedy(8)));
            assertThat(stopped.stopReason()).isEqualTo(StopReason.END_OF_SEQUENCE);
            assertThat(stopped.generatedIds()).containsExactly(first);
            assertThat(stopped.text()).isEmpty();
            SamplingOptions ignoring = new SamplingOptions(0, 0, 1, 0, 1, 0, 8, 0, List.of(), true);
            GenerationResult going = eosEngine.generate(GenerationRequest.raw("The quick brown fox", ignoring));
            assertThat(going.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(going.generatedTokens()).isEqualTo(8);
        }
    }

    @Test
    void should_stop_when_cancelled() {
        Cancellation cancellation = new Cancellation();
        GenerationListener cancelAfterThree = new GenerationListener() {
            @Override
            public void onText(String delta) {}

            @Override
            public void onProgress(int generatedTokens, int maxNewTokens, double tokensPerSecond) {
                if (generatedTokens == 3) cancellation.cancel("test");
            }
        };
        GenerationResult result = engine.generate(GenerationRequest.raw("The quick brown fox", greedy(20)), cancelAfterThree, cancellation);
        assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.generatedTokens()).isEqualTo(3);
    }

    @Test
    void should_stop_when_the_context_is_full_and_reject_prompts_that_leave_no_room() {
        String longPrompt = "one two three four five six seven eight nine ten ".repeat(5); // 50 tokens
        int promptTokens = engine.promptIds(GenerationRequest.raw(longPrompt, greedy(1))).length;
        GenerationResult result = engine.generate(GenerationRequest.raw(longPrompt, greedy(100)));
        assertThat(result.stopReason()).isEqualTo(StopReason.CONTEXT_FULL);
        assertThat(result.generatedTokens()).isEqualTo(CONTEXT - promptTokens);

        assertThatThrownBy(() -> engine.generate(GenerationRequest.raw(longPrompt.repeat(2), greedy(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the context holds " + CONTEXT)
                .hasMessageContaining("--context");
    }

    @Test
    void should_render_chat_with_the_model_template_and_route_thinking_apart() {
        List<ChatMessage> chat = List.of(ChatMessage.system("You are a helpful writer."), ChatMessage.user("写一首关于秋天的短诗。"));
        GenerationRequest plain = GenerationRequest.chat(chat, greedy(6));
        assertThat(engine.promptText(plain)).isEqualTo(engine.chatTemplate().render(chat, true, false));

        GenerationRequest thinking = new GenerationRequest(chat, null, "<think>\n", true, greedy(6));
        assertThat(engine.promptText(thinking)).isEqualTo(engine.chatTemplate().render(chat, true, true) + "<think>\n");
        Recorder recorder = new Recorder();
        GenerationResult result = engine.generate(thinking, recorder, new Cancellation());
        assertThat(result.thinking()).isNotEmpty().isEqualTo(recorder.thinking.toString());
        assertThat(result.text()).isEmpty();
        assertThat(recorder.text.toString()).isEmpty();
    }

    @Test
    void should_give_the_same_answer_for_the_same_seed_and_queue_concurrent_calls() throws Exception {
        SamplingOptions sampled = new SamplingOptions(0.9, 40, 0.95, 0.0, 1.1, 0.0, 12, 1234L, List.of(), true);
        GenerationRequest request = GenerationRequest.raw("The quick brown fox", sampled);
        List<Integer> first = engine.generate(request).generatedIds();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> a = pool.submit(() -> engine.generate(request));
            Future<GenerationResult> b = pool.submit(() -> engine.generate(request));
            assertThat(a.get().generatedIds()).isEqualTo(first);
            assertThat(b.get().generatedIds()).isEqualTo(first);
        } finally {
            pool.shutdown();
        }
        List<Integer> otherSeed = engine.generate(request.withSampling(sampled.withSeed(99L))).generatedIds();
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void should_explain_what_is_wrong_with_a_model_folder() throws Exception {
        assertThatThrownBy(() -> Qwen3Engine.open(dir.resolve("nowhere"), EngineOptions.defaults(), LoadProgress.NONE))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Qwen3Engine.open(model, new EngineOptions(Dtype.BF16, 50_000, 1), LoadProgress.NONE))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("max_position_embeddings 40960");
        Path noTokenizer = dir.resolve("no-tokenizer");
        Files.createDirectories(noTokenizer);
        for (String name : List.of("config.json", "model.safetensors", "tokenizer_config.json")) {
            Files.copy(model.resolve(name), noTokenizer.resolve(name));
        }
        assertThatThrownBy(() -> Qwen3Engine.open(noTokenizer, new EngineOptions(Dtype.BF16, CONTEXT, 1), LoadProgress.NONE))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json");
    }
}
