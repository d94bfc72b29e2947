package io.inkstone.compose;

import static io.inkstone.compose.TestBriefs.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.Generators;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.StopReason;
import io.inkstone.llm.openai.OpenAiTestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real composer on the remote backend: an answer cut off by max_tokens is continued exactly as locally. */
class ComposerRemoteTest {

    @TempDir Path folder;

    @Test
    void should_continue_an_answer_the_server_cut_off_at_max_tokens() throws Exception {
        try (OpenAiTestServer server = new OpenAiTestServer("remote-qwen", request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.path(messages.size() - 1);
            if (!last.path("role").asText().equals("assistant")) {
                return OpenAiTestServer.Reply.of("length", "We walked to the sea. ", "It rained all ");
            }
            // a continuation: the server extends the trailing assistant message
            assertThat(last.path("content").asText()).isEqualTo("We walked to the sea. It rained all ");
            assertThat(request.path("continue_final_message").asBoolean()).isTrue();
            return OpenAiTestServer.Reply.of("stop", "day. ", "We went home.");
        }); Generator generator = Generators.open(server.reference(), GeneratorOptions.defaults(), LoadProgress.NONE)) {
            Brief brief = TestBriefs.english("The Walk", BriefType.POST, words(300));

            ComposedPiece piece = new Composer(generator, TestPrompts.builder(folder.resolve("templates")), ComposeSettings.defaults())
                    .write(brief, null, ComposeProgress.NONE, new Cancellation());

            assertThat(server.requests).hasSize(2);
            assertThat(piece.markdown()).isEqualTo("# The Walk\n\nWe walked to the sea. It rained all day. We went home.\n");
            assertThat(piece.parts()).singleElement().satisfies(part ->
                    assertThat(part.stopReasons()).containsExactly(StopReason.MAX_TOKENS, StopReason.END_OF_SEQUENCE));
            assertThat(piece.modelName()).isEqualTo("remote-qwen");
        }
    }
}
