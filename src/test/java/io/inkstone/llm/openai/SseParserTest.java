package io.inkstone.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseParser.Event> parse(String stream) throws IOException {
        List<SseParser.Event> events = new ArrayList<>();
        new SseParser(events::add).readAll(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        return events;
    }

    @Test
    void should_dispatch_one_event_per_blank_line_and_join_data_lines() throws IOException {
        assertThat(parse("data: {\"a\":1}\n\ndata: first\ndata: second\n\n")).containsExactly(
                new SseParser.Event("message", "{\"a\":1}"),
                new SseParser.Event("message", "first\nsecond"));
    }

    @Test
    void should_accept_crlf_and_cr_line_endings_comments_and_a_bom() throws IOException {
        assertThat(parse("\uFEFF: keep-alive\r\ndata: one\r\n\r\ndata:two\r\rdata:  three\n\n")).containsExactly(
                new SseParser.Event("message", "one"),
                new SseParser.Event("message", "two"),
                new SseParser.Event("message", " three"));
    }

    @Test
    void should_keep_the_event_type_and_ignore_ids_retries_and_unknown_fields() throws IOException {
        assertThat(parse("event: error\nid: 7\nretry: 100\nfoo: bar\ndata: {\"error\":1}\n\ndata: x\n\n")).containsExactly(
                new SseParser.Event("error", "{\"error\":1}"),
                new SseParser.Event("message", "x"));
    }

    @Test
    void should_drop_events_without_data_and_an_unterminated_last_event() throws IOException {
        assertThat(parse("event: ping\n\n\n\ndata: [DONE]\n\ndata: cut off")).containsExactly(
                new SseParser.Event("message", "[DONE]"));
    }

    @Test
    void should_keep_multibyte_characters_whole() throws IOException {
        assertThat(parse("data: {\"content\":\"觉醒之后 🚀\"}\n\n"))
                .containsExactly(new SseParser.Event("message", "{\"content\":\"觉醒之后 🚀\"}"));
    }
}
