package io.inkstone.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Test double: an in-process OpenAI-compatible server on 127.0.0.1 (JDK HttpServer). {@code GET /v1/models} lists one
 * model; {@code POST /v1/chat/completions} answers every request with the {@link Reply} the script gives for it,
 * streamed as Server-Sent Events exactly as vLLM does (role chunk, one chunk per delta, a chunk with finish_reason, a
 * usage chunk, {@code data: [DONE]}). It records requests and Authorization headers, and notices a client that goes
 * away mid-stream.
 */
public final class OpenAiTestServer implements AutoCloseable {

    /**
     * @param deltas       streamed pieces of the answer
     * @param finishReason "stop" or "length"
     * @param stopReason   the stop string that matched (vLLM), or null
     * @param delayMillis  pause before each delta
     * @param endless      after the deltas, keep streaming "x " until the client goes away
     */
    public record Reply(List<String> deltas, String finishReason, String stopReason, long delayMillis, boolean endless) {
        public static Reply of(String finishReason, String... deltas) {
            return new Reply(List.of(deltas), finishReason, null, 0, false);
        }

        public static Reply endless(long delayMillis) {
            return new Reply(List.of(), "stop", null, delayMillis, true);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public final String model;
    public final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    /** Counted down when a client closes the connection in the middle of a stream. */
    public final CountDownLatch clientWentAway = new CountDownLatch(1);
    /** HTTP statuses to answer the next chat requests with, before the script is used (e.g. 503 = overloaded). */
    public final Queue<Integer> failFirst = new ConcurrentLinkedQueue<>();
    private final Function<JsonNode, Reply> script;
    private final HttpServer server;

    public OpenAiTestServer(String model, Function<JsonNode, Reply> script) throws IOException {
        this.model = model;
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** {@code openai:http://127.0.0.1:PORT/v1#MODEL} */
    public String reference() {
        return "openai:" + baseUrl() + "#" + model;
    }

    private void models(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        root.putArray("data").addObject().put("id", model).put("object", "model").put("max_model_len", 4096);
        send(exchange, 200, JSON.writeValueAsBytes(root));
    }

    private void chat(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        Integer status = failFirst.poll();
        if (status != null) {
            send(exchange, status, "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        requests.add(request);
        Reply reply = script.apply(request);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            event(out, chunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null, null));
            int tokens = 0;
            for (String delta : reply.deltas()) {
                pause(reply.delayMillis());
                event(out, chunk(JSON.createObjectNode().put("content", delta), null, null));
                tokens++;
            }
            while (reply.endless()) {
                pause(reply.delayMillis());
                event(out, chunk(JSON.createObjectNode().put("content", "x "), null, null));
            }
            event(out, chunk(JSON.createObjectNode(), reply.finishReason(), reply.stopReason()));
            ObjectNode usage = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion.chunk");
            usage.putArray("choices");
            usage.putObject("usage").put("prompt_tokens", 7).put("completion_tokens", tokens).put("total_tokens", 7 + tokens);
            event(out, JSON.writeValueAsString(usage));
            event(out, "[DONE]");
        } catch (IOException clientClosed) {
            clientWentAway.countDown();
        }
    }

    private static String chunk(ObjectNode delta, String finishReason, String stopReason) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion.chunk");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) choice.putNull("finish_reason");
        else choice.put("finish_reason", finishReason);
        if (stopReason != null) choice.put("stop_reason", stopReason);
        return JSON.writeValueAsString(root);
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(long millis) throws IOException {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
