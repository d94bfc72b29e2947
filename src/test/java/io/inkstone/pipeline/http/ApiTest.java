package io.inkstone.pipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import io.inkstone.pipeline.TinyModel;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible API on the tiny synthetic model, read by the official OpenAI Java client. */
class ApiTest {

    /** The tiny engine, recording how each generation ended (to see a disconnect cancel). */
    static final class Recording implements Generator {
        final Generator engine;
        final LinkedBlockingQueue<GenerationResult> results = new LinkedBlockingQueue<>();

        Recording(Generator engine) {
            this.engine = engine;
        }

        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            GenerationResult r = engine.generate(request, listener, cancellation);
            results.add(r);
            return r;
        }

        @Override
        public String modelName() {
            return engine.modelName();
        }

        @Override
        public int contextLength() {
            return engine.contextLength();
        }
    }

    static DefaultCamelContext camel;
    static FrontDoor door;
    static Recording model;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        model = new Recording(TinyModel.engine());
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("api-test");
        door = new FrontDoor(HttpOptions.loopback(0), () -> model);
        camel.addService(door);
        camel.start();
        client = OpenAIOkHttpClient.builder().baseUrl(door.url() + "v1").apiKey("unused").maxRetries(0).timeout(Duration.ofSeconds(120)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (camel != null) camel.stop();
    }

    private static ChatCompletionCreateParams.Builder chat(long maxTokens) {
        return ChatCompletionCreateParams.builder().model("inkstone").addSystemMessage("You write briefly.").addUserMessage("写一句关于墨的话。")
                .maxCompletionTokens(maxTokens).seed(7).temperature(0.0)
                .putAdditionalBodyProperty("chat_template_kwargs", JsonValue.from(Map.of("enable_thinking", false)));
    }

    @Test
    void listsTheLoadedModel() {
        var models = client.models().list();
        assertThat(models.data()).extracting(m -> m.id()).containsExactly(model.modelName());
    }

    @Test
    void aPlainCompletionHasTextUsageAndFinishReasonLength() {
        ChatCompletion c = client.chat().completions().create(chat(6).build());
        assertThat(c.model()).isEqualTo(model.modelName());
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).isPresent();
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(c.usage()).hasValueSatisfying(u -> {
            assertThat(u.completionTokens()).isEqualTo(6);
            assertThat(u.promptTokens()).isGreaterThan(5);
        });
        // greedy and seeded: the same request gives the same text
        ChatCompletion again = client.chat().completions().create(chat(6).build());
        assertThat(again.choices().get(0).message().content()).isEqualTo(c.choices().get(0).message().content());
    }

    @Test
    void aStreamedCompletionArrivesAsChunksWithUsageAtTheEnd() {
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                chat(8).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }
        assertThat(chunks.size()).isGreaterThan(3);
        chunks.forEach(ch -> ch.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        ChatCompletion plain = client.chat().completions().create(chat(8).build());
        assertThat(text.toString()).isEqualTo(plain.choices().get(0).message().content().orElseThrow());
        assertThat(chunks).anySatisfy(ch -> assertThat(ch.choices()).anySatisfy(choice ->
                assertThat(choice.finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.LENGTH)));
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isEqualTo(8));
    }

    @Test
    void aBadRequestIsA400NamingTheField() {
        assertThatThrownBy(() -> client.chat().completions().create(chat(4).temperature(7.0).build()))
                .hasMessageContaining("temperature");
    }

    @Test
    void aClientThatDisconnectsCancelsItsGeneration() throws Exception {
        model.results.clear();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(door.url() + "v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
                        + "\"max_tokens\":100000,\"temperature\":0}"))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        byte[] first = new byte[600];
        int read = 0;
        while (read < first.length) read += body.read(first, read, first.length - read); // the role chunk and a few tokens
        body.close(); // hang up
        http.close();
        GenerationResult result = model.results.poll(60, TimeUnit.SECONDS);
        assertThat(result).isNotNull();
        assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
        assertThat(result.generatedTokens()).isLessThan(model.contextLength() - 100);
    }

    /**
     * Inkstone's own remote backend (llm/openai) talking to this API: a cut-off answer comes back as MAX_TOKENS, and
     * its continuation (a trailing assistant message with continue_final_message) carries on the same answer, equal to
     * the local engine continuing from the same prefix.
     */
    @Test
    void anotherInkstoneContinuesThroughTheApi() {
        List<io.inkstone.llm.ChatMessage> messages = List.of(io.inkstone.llm.ChatMessage.system("You write briefly."),
                io.inkstone.llm.ChatMessage.user("写一句关于墨的话。"));
        io.inkstone.llm.SamplingOptions greedy = io.inkstone.llm.SamplingOptions.greedy(6);
        try (Generator remote = io.inkstone.llm.Generators.open("openai:" + door.url() + "v1#" + model.modelName(),
                io.inkstone.llm.GeneratorOptions.defaults(), io.inkstone.llm.LoadProgress.NONE)) {
            GenerationResult first = remote.generate(GenerationRequest.chat(messages, greedy));
            assertThat(first.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            GenerationRequest continuation = GenerationRequest.chat(messages, greedy).withAssistantPrefix(first.text());
            GenerationResult remoteRest = remote.generate(continuation);
            GenerationResult localRest = model.engine.generate(continuation);
            assertThat(remoteRest.text()).isEqualTo(localRest.text());
            assertThat(remoteRest.generatedTokens()).isEqualTo(localRest.generatedTokens());
        }
    }
}
