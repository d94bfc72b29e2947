package io.inkstone.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.Generators;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenAiGeneratorTest {

    private static final RemoteOptions FAST = RemoteOptions.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(20), 2, Duration.ofMillis(20));

    private static final GenerationRequest HELLO = GenerationRequest.chat(
            List.of(ChatMessage.system("You write."), ChatMessage.user("Say hello.")), SamplingOptions.writingDefaults().withMaxNewTokens(64));

    private static OpenAiGenerator connect(OpenAiTestServer server, RemoteOptions options) {
        return OpenAiGenerator.connect(OpenAiReference.parse(server.reference()), GeneratorOptions.defaults(), options, LoadProgress.NONE);
    }

    @Test
    void should_stream_deltas_in_order_and_send_an_openai_request() throws IOException {
        try (OpenAiTestServer server = new OpenAiTestServer("qwen3-test", r -> OpenAiTestServer.Reply.of("stop", "Hel", "lo, ", "觉醒 🚀", "!"));
             OpenAiGenerator generator = connect(server, FAST.withApiKey("sk-test-123"))) {
            List<String> deltas = new ArrayList<>();
            GenerationResult result = generator.generate(HELLO, deltas::add, new Cancellation());

            assertThat(deltas).containsExactly("Hel", "lo, ", "觉醒 🚀", "!");
            assertThat(result.text()).isEqualTo("Hello, 觉醒 🚀!");
            assertThat(result.stopReason()).isEqualTo(StopReason.END_OF_SEQUENCE);
            assertThat(result.generatedTokens()).isEqualTo(4);
            assertThat(result.promptTokens()).isEqualTo(7);
            assertThat(generator.modelName()).isEqualTo("qwen3-test");
            assertThat(generator.contextLength()).isEqualTo(4096);

            JsonNode sent = server.requests.getFirst();
            assertThat(sent.path("model").asText()).isEqualTo("qwen3-test");
            assertThat(sent.path("stream").asBoolean()).isTrue();
            assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
            assertThat(sent.path("messages")).hasSize(2);
            assertThat(sent.path("messages").path(1).path("role").asText()).isEqualTo("user");
            assertThat(sent.path("messages").path(1).path("content").asText()).isEqualTo("Say hello.");
            assertThat(sent.path("top_k").asInt()).isEqualTo(20);
            assertThat(sent.path("chat_template_kwargs").path("enable_thinking").asBoolean()).isFalse();
            assertThat(sent.has("continue_final_message")).isFalse();
            assertThat(server.authorizations).allMatch("Bearer sk-test-123"::equals);
            assertThat(generator.describe()).doesNotContain("sk-test");
        }
    }

    @Test
    void should_map_length_to_max_tokens_and_send_a_prefix_as_a_continued_assistant_message() throws IOException {
        try (OpenAiTestServer server = new OpenAiTestServer("m", r -> OpenAiTestServer.Reply.of("length", "cut ", "off"));
             OpenAiGenerator generator = connect(server, FAST)) {
            GenerationResult result = generator.generate(HELLO.withAssistantPrefix("Once upon a time, "),
                    GenerationListener.NONE, new Cancellation());

            assertThat(result.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
            assertThat(result.text()).isEqualTo("cut off");
            JsonNode sent = server.requests.getFirst();
            assertThat(sent.path("messages")).hasSize(3);
            assertThat(sent.path("messages").path(2).path("role").asText()).isEqualTo("assistant");
            assertThat(sent.path("messages").path(2).path("content").asText()).isEqualTo("Once upon a time, ");
            assertThat(sent.path("continue_final_message").asBoolean()).isTrue();
            assertThat(sent.path("add_generation_prompt").asBoolean()).isFalse();
        }
    }

    @Test
    void should_report_a_matched_stop_string() throws IOException {
        try (OpenAiTestServer server = new OpenAiTestServer("m",
                r -> new OpenAiTestServer.Reply(List.of("one"), "stop", "END", 0, false));
             OpenAiGenerator generator = connect(server, FAST)) {
            assertThat(generator.generate(HELLO).stopReason()).isEqualTo(StopReason.STOP_STRING);
        }
    }

    @Test
    void should_close_the_stream_when_cancelled_from_the_listener() throws Exception {
        try (OpenAiTestServer server = new OpenAiTestServer("m", r -> OpenAiTestServer.Reply.endless(5));
             OpenAiGenerator generator = connect(server, FAST)) {
            Cancellation cancellation = new Cancellation();
            List<String> deltas = new ArrayList<>();
            GenerationResult result = generator.generate(HELLO, delta -> {
                deltas.add(delta);
                if (deltas.size() == 3) cancellation.cancel("enough");
            }, cancellation);

            assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
            assertThat(result.text()).isEqualTo("x x x ");
            assertThat(server.clientWentAway.await(10, TimeUnit.SECONDS)).as("the server saw the client go away").isTrue();
        }
    }

    @Test
    void should_return_when_cancelled_from_another_thread_while_the_server_is_silent() throws Exception {
        try (OpenAiTestServer server = new OpenAiTestServer("m",
                r -> new OpenAiTestServer.Reply(List.of("late"), "stop", null, 60_000, false));
             OpenAiGenerator generator = connect(server, FAST)) {
            Cancellation cancellation = new Cancellation();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    return;
                }
                cancellation.cancel("shutdown");
            });
            GenerationResult result = generator.generate(HELLO, GenerationListener.NONE, cancellation);
            assertThat(result.stopReason()).isEqualTo(StopReason.CANCELLED);
            assertThat(result.text()).isEmpty();
        }
    }

    @Test
    void should_retry_an_overloaded_server() throws IOException {
        try (OpenAiTestServer server = new OpenAiTestServer("m", r -> OpenAiTestServer.Reply.of("stop", "ok"));
             OpenAiGenerator generator = connect(server, FAST)) {
            server.failFirst.add(503);
            server.failFirst.add(503);
            assertThat(generator.generate(HELLO).text()).isEqualTo("ok");
        }
    }

    @Test
    void should_name_the_server_when_it_is_down() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        OpenAiReference reference = OpenAiReference.parse("openai:http://127.0.0.1:" + port + "/v1#m");
        assertThatThrownBy(() -> OpenAiGenerator.connect(reference, GeneratorOptions.defaults(), FAST, LoadProgress.NONE))
                .isInstanceOf(RemoteServerException.class)
                .hasMessageContaining("cannot reach the OpenAI-compatible server at http://127.0.0.1:" + port + "/v1")
                .hasMessageContaining("connection refused")
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("start the server");
    }

    @Test
    void should_be_found_through_generators_and_pick_the_servers_only_model() throws IOException {
        try (OpenAiTestServer server = new OpenAiTestServer("only-model", r -> OpenAiTestServer.Reply.of("stop", "hi"));
             Generator generator = Generators.open("openai:" + server.baseUrl(), GeneratorOptions.defaults().withDtype("bf16"), LoadProgress.NONE)) {
            assertThat(Generators.backendFor(server.reference()).name()).isEqualTo("openai");
            assertThat(generator.modelName()).isEqualTo("only-model");
            assertThat(generator.generate(HELLO).text()).isEqualTo("hi");
        }
    }

    @Test
    void should_refuse_references_that_are_not_http_urls_or_carry_credentials() {
        assertThatThrownBy(() -> OpenAiReference.parse("openai:ftp://host/v1#m")).hasMessageContaining("openai:http://HOST:PORT/v1#MODEL");
        assertThatThrownBy(() -> OpenAiReference.parse("openai:http://user:secret@host/v1#m"))
                .hasMessageContaining("INKSTONE_OPENAI_API_KEY").hasMessageNotContaining("secret");
        assertThat(OpenAiReference.parse("openai:https://gpu:8000/v1/#Qwen/Qwen3-4B"))
                .isEqualTo(new OpenAiReference("https://gpu:8000/v1", "Qwen/Qwen3-4B"));
    }

    @Test
    void should_read_the_api_key_from_the_environment_and_never_show_it() {
        RemoteOptions options = RemoteOptions.from(name -> switch (name) {
            case "OPENAI_API_KEY" -> "sk-fallback";
            case "INKSTONE_OPENAI_RETRIES" -> "1";
            default -> null;
        });
        assertThat(options.apiKey()).isEqualTo("sk-fallback");
        assertThat(options.retries()).isEqualTo(1);
        assertThat(options.toString()).doesNotContain("sk-fallback");
        assertThat(RemoteOptions.from(name -> name.startsWith("INKSTONE_OPENAI_API_KEY") ? "sk-a" : name.equals("OPENAI_API_KEY") ? "sk-b" : null)
                .apiKey()).isEqualTo("sk-a");
    }
}
