package io.inkstone.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Generator} on a remote OpenAI-compatible server. Each request is one streamed
 * {@code POST /chat/completions} (raw prompts: {@code /completions}) read as Server-Sent Events:
 * <ul>
 *   <li>{@code finish_reason: length} is {@link StopReason#MAX_TOKENS}, so the composer continues a cut-off part exactly
 *       as with the local engine; {@code stop} is {@link StopReason#STOP_STRING} when the server names the stop string
 *       that matched (vLLM's {@code stop_reason}), else {@link StopReason#END_OF_SEQUENCE};</li>
 *   <li>a continuation (an assistant prefix) is sent as a trailing assistant message, with vLLM's
 *       {@code continue_final_message: true, add_generation_prompt: false} so the server extends it rather than
 *       starting a new turn (llama.cpp's server and Ollama continue a trailing assistant message by themselves);</li>
 *   <li>cancellation is checked every 50 ms while waiting and after every event; it closes the stream (the server sees
 *       the connection go and stops generating) and returns {@link StopReason#CANCELLED} with the text so far;</li>
 *   <li>connection errors and HTTP 429/502/503/504 before the answer starts are retried with doubling waits; any
 *       other failure is a {@link RemoteServerException} naming the server.</li>
 * </ul>
 * Calls may overlap: the server batches concurrent requests itself. Token counts are the server's {@code usage} when
 * it sends one ({@code stream_options.include_usage}), else one per streamed chunk.
 */
final class OpenAiGenerator implements Generator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRIED_STATUS = Set.of(429, 502, 503, 504);
    private static final long POLL_MILLIS = 50;
    private static final Object END = new Object();

    private final OpenAiReference reference;
    private final String model;
    private final int contextLength;
    private final RemoteOptions options;
    private final HttpClient client;
    private final double loadSeconds;

    private OpenAiGenerator(OpenAiReference reference, String model, int contextLength, RemoteOptions options,
                            HttpClient client, double loadSeconds) {
        this.reference = reference;
        this.model = model;
        this.contextLength = contextLength;
        this.options = options;
        this.client = client;
        this.loadSeconds = loadSeconds;
    }

    /**
     * Connects: asks the server for its models ({@code GET /models}), which checks that it is up and that the key is
     * accepted, and picks the model (the one named, else the server's only one).
     *
     * @throws RemoteServerException when the server cannot be reached, refuses the key, or the model is unclear
     */
    static OpenAiGenerator connect(OpenAiReference reference, GeneratorOptions generatorOptions, RemoteOptions options,
                                   LoadProgress progress) {
        long start = System.nanoTime();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        progress.progress("connecting to " + reference.baseUrl(), 0, 1);
        OpenAiGenerator probe = new OpenAiGenerator(reference, reference.model(), generatorOptions.contextLength(), options,
                client, 0);
        HttpRequest request = probe.requestTo("/models").timeout(options.connectTimeout().plusSeconds(20)).GET().build();
        HttpResponse<InputStream> response = probe.sendWithRetries(request, new Cancellation());
        String model = reference.model();
        int context = generatorOptions.contextLength();
        try (InputStream body = response.body()) {
            if (response.statusCode() == 200) {
                JsonNode data = JSON.readTree(body).path("data");
                if (model.isEmpty()) {
                    if (data.size() != 1) {
                        throw new RemoteServerException("the server at " + reference.baseUrl() + " serves " + data.size()
                                + " models" + modelList(data) + ": name one, as openai:" + reference.baseUrl() + "#MODEL");
                    }
                    model = data.get(0).path("id").asText();
                }
                for (JsonNode m : data) {
                    if (m.path("id").asText().equals(model) && context == 0) {
                        context = m.path("max_model_len").asInt(m.path("meta").path("n_ctx_train").asInt(0));
                    }
                }
            } else if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw probe.httpError(response.statusCode(), readError(body), "/models");
            } else if (model.isEmpty()) {
                throw new RemoteServerException("the server at " + reference.baseUrl() + " does not list its models (HTTP "
                        + response.statusCode() + " for GET /models): name the model, as openai:" + reference.baseUrl() + "#MODEL");
            }
        } catch (IOException e) {
            throw new RemoteServerException("the server at " + reference.baseUrl() + " sent an unreadable model list: "
                    + e.getMessage(), e);
        }
        progress.progress("connecting to " + reference.baseUrl(), 1, 1);
        return new OpenAiGenerator(reference, model, context, options, client, (System.nanoTime() - start) / 1e9);
    }

    private static String modelList(JsonNode data) {
        if (data.isEmpty()) return "";
        StringBuilder s = new StringBuilder(" (");
        for (int i = 0; i < Math.min(data.size(), 8); i++) s.append(i == 0 ? "" : ", ").append(data.get(i).path("id").asText());
        return s.append(data.size() > 8 ? ", …)" : ")").toString();
    }

    @Override
    public String modelName() {
        return model;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public String describe() {
        return "remote, " + reference.baseUrl() + (contextLength > 0 ? ", context " + contextLength : "");
    }

    @Override
    public double loadSeconds() {
        return loadSeconds;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
        String path = request.isChat() ? "/chat/completions" : "/completions";
        byte[] body = requestBody(request);
        HttpRequest http = requestTo(path)
                .timeout(options.responseTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = sendWithRetries(http, cancellation);
        if (response == null) return cancelled(start, start, "", "", 0, 0);
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                throw httpError(response.statusCode(), readError(in), path);
            } catch (IOException e) {
                throw httpError(response.statusCode(), "", path);
            }
        }
        return stream(request, response.body(), listener, cancellation, start);
    }

    // ---- request ----

    private HttpRequest.Builder requestTo(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(reference.baseUrl() + path));
        if (options.apiKey() != null) b.header("Authorization", "Bearer " + options.apiKey());
        return b;
    }

    byte[] requestBody(GenerationRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        boolean prefix = !request.assistantPrefix().isEmpty();
        if (request.isChat()) {
            ArrayNode messages = root.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role().wireName()).put("content", m.content());
            }
            if (prefix) {
                messages.addObject().put("role", "assistant").put("content", request.assistantPrefix());
            }
        } else {
            root.put("prompt", request.rawPrompt() + request.assistantPrefix());
        }
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        SamplingOptions s = request.sampling();
        root.put("max_tokens", s.maxNewTokens());
        root.put("temperature", s.temperature());
        root.put("top_p", s.topP());
        root.put("seed", s.seed());
        if (s.presencePenalty() != 0) root.put("presence_penalty", s.presencePenalty());
        if (!s.stopStrings().isEmpty()) {
            ArrayNode stop = root.putArray("stop");
            s.stopStrings().forEach(stop::add);
        }
        if (!options.standardOnly()) {
            if (s.topK() > 0) root.put("top_k", s.topK());
            if (s.minP() > 0) root.put("min_p", s.minP());
            if (s.repetitionPenalty() != 1) root.put("repetition_penalty", s.repetitionPenalty());
            if (s.ignoreEos()) root.put("ignore_eos", true);
            if (request.isChat()) {
                root.putObject("chat_template_kwargs").put("enable_thinking", request.thinking() && !prefix);
                if (prefix) {
                    root.put("continue_final_message", true);
                    root.put("add_generation_prompt", false);
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON request", e);
        }
    }

    /**
     * Sends, retrying connection errors and overload answers before any text has come. Returns null when cancelled
     * while waiting.
     */
    private HttpResponse<InputStream> sendWithRetries(HttpRequest request, Cancellation cancellation) {
        long started = System.nanoTime();
        Duration wait = options.backoff();
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<HttpResponse<InputStream>> future = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            Throwable failure;
            try {
                HttpResponse<InputStream> response = await(future, cancellation);
                if (response == null) return null;
                if (!RETRIED_STATUS.contains(response.statusCode()) || attempt > options.retries()) return response;
                closeQuietly(response.body());
                failure = new IOException("HTTP " + response.statusCode());
            } catch (ExecutionException e) {
                failure = e.getCause() == null ? e : e.getCause();
                if (!isConnectionError(failure)) {
                    if (failure instanceof HttpTimeoutException) {
                        throw new RemoteServerException("the server at " + reference.baseUrl() + " did not answer within "
                                + options.responseTimeout().toSeconds() + " s (it may be overloaded; raise "
                                + "INKSTONE_OPENAI_RESPONSE_TIMEOUT_SECONDS or check the server)", failure);
                    }
                    throw new RemoteServerException("request to the server at " + reference.baseUrl() + " failed: "
                            + describe(failure), failure);
                }
                if (attempt > options.retries()) {
                    throw new RemoteServerException(String.format(Locale.ROOT,
                            "cannot reach the OpenAI-compatible server at %s (%s; %d attempts over %.1f s): start the server,"
                                    + " or check the address in the model reference openai:URL#MODEL",
                            reference.baseUrl(), describe(failure), attempt, (System.nanoTime() - started) / 1e9), failure);
                }
            }
            if (!sleep(wait, cancellation)) return null;
            wait = wait.multipliedBy(2);
        }
    }

    private static boolean isConnectionError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException
                    || c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) return true;
            if (c instanceof IOException && c.getMessage() != null
                    && (c.getMessage().contains("Connection reset") || c.getMessage().contains("closed"))) return true;
        }
        return false;
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) return "connection refused";
            if (c instanceof HttpConnectTimeoutException) return "connection timed out";
            if (c instanceof UnresolvedAddressException || c instanceof java.net.UnknownHostException) return "unknown host";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static <T> T await(CompletableFuture<T> future, Cancellation cancellation) throws ExecutionException {
        while (true) {
            if (cancellation.isCancelled()) {
                future.cancel(true);
                return null;
            }
            try {
                return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll the cancellation again
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                cancellation.cancel("interrupted");
                return null;
            }
        }
    }

    private static boolean sleep(Duration d, Cancellation cancellation) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            if (cancellation.isCancelled()) return false;
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancellation.cancel("interrupted");
                return false;
            }
        }
        return true;
    }

    private RemoteServerException httpError(int status, String detail, String path) {
        String what = switch (status) {
            case 401, 403 -> "refused the API key: set INKSTONE_OPENAI_API_KEY (or OPENAI_API_KEY) to a key it accepts";
            case 404 -> "has no " + path + " or no model '" + model + "': check the URL (it usually ends in /v1) and the model name";
            case 400, 422 -> "rejected the request (if it refuses top_k, min_p or repetition_penalty, set INKSTONE_OPENAI_STANDARD_ONLY=true)";
            default -> "failed";
        };
        return new RemoteServerException("the server at " + reference.baseUrl() + " " + what + " (HTTP " + status
                + (detail.isEmpty() ? "" : ": " + detail) + ")");
    }

    /** The {@code error.message} of an error body, or its first 300 characters. */
    private static String readError(InputStream in) throws IOException {
        String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode message = node.path("error").path("message");
            if (message.isTextual()) return message.asText();
            if (node.path("error").isTextual()) return node.path("error").asText();
            if (node.path("detail").isTextual()) return node.path("detail").asText();
        } catch (IOException notJson) {
            // fall through
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    // ---- response ----

    /** Reads the event stream on a reader thread; this thread delivers deltas and watches cancellation and silence. */
    private GenerationResult stream(GenerationRequest request, InputStream body, GenerationListener listener,
                                    Cancellation cancellation, long start) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().name("inkstone-sse-" + reference.baseUrl()).start(() -> {
            try {
                new SseParser(events::add).readAll(body);
            } catch (IOException | RuntimeException e) {
                events.add(e);
            } finally {
                events.add(END);
            }
        });
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        int chunks = 0;
        int promptTokens = 0;
        int completionTokens = -1;
        String finish = null;
        String matchedStop = null;
        long firstToken = 0;
        long lastEvent = System.nanoTime();
        int maxNewTokens = request.sampling().maxNewTokens();
        try {
            while (true) {
                if (cancellation.isCancelled()) {
                    return cancelled(start, firstToken, text.toString(), thinking.toString(), promptTokens, chunks);
                }
                Object next;
                try {
                    next = events.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancellation.cancel("interrupted");
                    continue;
                }
                if (next == null) {
                    if (System.nanoTime() - lastEvent > options.idleTimeout().toNanos()) {
                        throw new RemoteServerException("the server at " + reference.baseUrl() + " sent nothing for "
                                + options.idleTimeout().toSeconds() + " s in the middle of an answer (raise "
                                + "INKSTONE_OPENAI_IDLE_TIMEOUT_SECONDS, or check the server)");
                    }
                    continue;
                }
                lastEvent = System.nanoTime();
                if (next == END) break;
                if (next instanceof Exception e) {
                    if (cancellation.isCancelled()) continue;
                    throw new RemoteServerException("the connection to the server at " + reference.baseUrl()
                            + " broke in the middle of an answer (" + describe(e) + ")", e);
                }
                SseParser.Event event = (SseParser.Event) next;
                if (event.data().equals("[DONE]")) break;
                JsonNode chunk;
                try {
                    chunk = JSON.readTree(event.data());
                } catch (IOException e) {
                    throw new RemoteServerException("the server at " + reference.baseUrl() + " sent an event that is not JSON: "
                            + abbreviate(event.data()), e);
                }
                if (chunk.has("error")) {
                    JsonNode error = chunk.path("error");
                    throw new RemoteServerException("the server at " + reference.baseUrl() + " stopped with an error: "
                            + (error.path("message").isTextual() ? error.path("message").asText() : error.toString()));
                }
                JsonNode usage = chunk.path("usage");
                if (usage.isObject()) {
                    promptTokens = usage.path("prompt_tokens").asInt(promptTokens);
                    completionTokens = usage.path("completion_tokens").asInt(completionTokens);
                }
                JsonNode choice = chunk.path("choices").path(0);
                if (choice.isMissingNode()) continue;
                String delta = request.isChat() ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
                JsonNode d = choice.path("delta");
                String reasoning = d.path("reasoning_content").isTextual() ? d.path("reasoning_content").asText()
                        : d.path("reasoning").asText("");
                if (!delta.isEmpty() || !reasoning.isEmpty()) {
                    if (firstToken == 0) firstToken = System.nanoTime();
                    chunks++;
                    if (!reasoning.isEmpty()) {
                        thinking.append(reasoning);
                        listener.onThinking(reasoning);
                    }
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        listener.onText(delta);
                    }
                    double decode = (System.nanoTime() - firstToken) / 1e9;
                    listener.onProgress(chunks, maxNewTokens, chunks > 1 && decode > 0 ? (chunks - 1) / decode : 0);
                }
                if (choice.path("finish_reason").isTextual()) finish = choice.path("finish_reason").asText();
                if (choice.path("stop_reason").isTextual()) matchedStop = choice.path("stop_reason").asText();
            }
            if (cancellation.isCancelled()) {
                return cancelled(start, firstToken, text.toString(), thinking.toString(), promptTokens, chunks);
            }
            if (finish == null) {
                throw new RemoteServerException("the server at " + reference.baseUrl()
                        + " closed the stream before finishing the answer (no finish_reason); check the server's log");
            }
            StopReason reason = switch (finish) {
                case "length" -> StopReason.MAX_TOKENS;
                case "stop" -> matchedStop != null ? StopReason.STOP_STRING : StopReason.END_OF_SEQUENCE;
                default -> StopReason.END_OF_SEQUENCE; // content_filter, tool_calls, eos: the answer is over
            };
            return result(text.toString(), thinking.toString(), reason, promptTokens,
                    completionTokens >= 0 ? completionTokens : chunks, start, firstToken);
        } finally {
            closeQuietly(body);
            reader.interrupt();
        }
    }

    private GenerationResult cancelled(long start, long firstToken, String text, String thinking, int promptTokens, int tokens) {
        return result(text, thinking, StopReason.CANCELLED, promptTokens, tokens, start, firstToken);
    }

    private static GenerationResult result(String text, String thinking, StopReason reason, int promptTokens, int tokens,
                                           long start, long firstToken) {
        long end = System.nanoTime();
        long first = firstToken == 0 ? end : firstToken;
        return new GenerationResult(text, thinking, reason, promptTokens, tokens, List.of(),
                new GenerationResult.Timings((first - start) / 1e9, (end - first) / 1e9));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is being abandoned
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
