package io.inkstone.llm.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a {@code text/event-stream} (Server-Sent Events, WHATWG HTML §9.2) from a byte stream: lines end with LF, CR
 * or CRLF; {@code data:} lines of one event are joined with LF; a blank line dispatches the event; lines starting
 * with {@code :} are comments (keep-alives); a single space after the colon is dropped; unknown fields are ignored;
 * an event without data is not dispatched. Streams are UTF-8 (a leading BOM is skipped).
 */
final class SseParser {

    /** One dispatched event: its type ({@code "message"} when not named) and its data. */
    record Event(String type, String data) {}

    private final Consumer<Event> sink;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type = "";

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    /** Reads {@code in} to its end (or until the sink throws), dispatching every complete event. */
    void readAll(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        boolean first = true;
        String line;
        while ((line = reader.readLine()) != null) { // readLine splits on LF, CR and CRLF, as SSE does
            if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            first = false;
            line(line);
        }
        // an event not ended by a blank line is incomplete and is discarded (the spec says so)
    }

    /** Feeds one line (without its line ending). */
    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') return;
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "data" -> {
                if (hasData) data.append('\n');
                data.append(value);
                hasData = true;
            }
            case "event" -> type = value;
            default -> { } // id, retry and unknown fields do not matter for chat completions
        }
    }

    private void dispatch() {
        if (hasData) sink.accept(new Event(type.isEmpty() ? "message" : type, data.toString()));
        data.setLength(0);
        hasData = false;
        type = "";
    }
}
