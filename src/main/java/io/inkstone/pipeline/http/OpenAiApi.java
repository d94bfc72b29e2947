package io.inkstone.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.Role;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.StopReason;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible endpoints on the loaded model: {@code GET /v1/models} and {@code POST /v1/chat/completions}
 * (plain or {@code stream: true} as server-sent {@code chat.completion.chunk} events ending with {@code [DONE]}). Requests
 * queue on the same {@link Generator} as the briefs; a client that goes away cancels its generation.
 */
final class OpenAiApi {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiApi.class);
    /** Generation parameters: the writing defaults apply where a request says nothing. */
    private static final SamplingOptions DEFAULTS = SamplingOptions.writingDefaults();

    private final Supplier<Generator> generator;
    private final ExecutorService workers;

    OpenAiApi(Supplier<Generator> generator, ExecutorService workers) {
        this.generator = generator;
        this.workers = workers;
    }

    void install(Router router) {
        router.get("/v1/models").handler(this::models);
        router.post("/v1/chat/completions").handler(this::chatCompletions);
        router.route("/v1/*").handler(ctx -> Responses.error(ctx, 404, "invalid_request_error",
                "no such endpoint: " + ctx.request().method() + " " + ctx.normalizedPath() + " (this server has GET /v1/models and POST /v1/chat/completions)"));
    }

    private String modelId() {
        Generator g = generator.get();
        return g == null ? "inkstone" : g.modelName();
    }

    private void models(RoutingContext ctx) {
        ObjectNode body = Responses.JSON.createObjectNode();
        body.put("object", "list");
        ObjectNode m = body.putArray("data").addObject();
        m.put("id", modelId());
        m.put("object", "model");
        m.put("created", System.currentTimeMillis() / 1000);
        m.put("owned_by", "inkstone");
        Generator g = generator.get();
        if (g != null) m.put("context_length", g.contextLength());
        Responses.json(ctx, 200, body);
    }

    /** A request that cannot be served, with the field it is about. */
    static final class BadRequest extends RuntimeException {
        final String param;

        BadRequest(String param, String message) {
            super(message);
            this.param = param;
        }
    }

    /** What a chat request asks for. */
    record Chat(GenerationRequest request, boolean stream, boolean includeUsage) {}

    private void chatCompletions(RoutingContext ctx) {
        Generator g = generator.get();
        if (g == null) {
            Responses.error(ctx, 503, "server_error", "the model is still loading; try again in a moment");
            return;
        }
        Chat chat;
        try {
            JsonNode body = Responses.JSON.readTree(ctx.body().asString("UTF-8"));
            if (body == null || !body.isObject()) throw new BadRequest(null, "the body must be a JSON object");
            chat = parse(body, g.contextLength());
        } catch (BadRequest e) {
            ObjectNode error = Responses.JSON.createObjectNode();
            ObjectNode err = error.putObject("error");
            err.put("message", e.getMessage());
            err.put("type", "invalid_request_error");
            if (e.param == null) err.putNull("param");
            else err.put("param", e.param);
            err.putNull("code");
            Responses.json(ctx, 400, error);
            return;
        } catch (Exception e) {
            Responses.error(ctx, 400, "invalid_request_error", "the body is not valid JSON: " + e.getMessage());
            return;
        }
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = System.currentTimeMillis() / 1000;
        String model = g.modelName();
        Cancellation cancellation = new Cancellation();
        HttpServerResponse response = ctx.response();
        response.closeHandler(v -> cancellation.cancel("the client disconnected"));
        response.exceptionHandler(e -> cancellation.cancel("the client connection failed: " + e.getMessage()));
        if (chat.stream()) {
            response.setChunked(true).setStatusCode(200)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            ObjectNode delta = Responses.JSON.createObjectNode();
            delta.put("role", "assistant");
            delta.put("content", "");
            response.write(event(chunk(id, created, model, delta, null)));
        }
        workers.submit(() -> {
            GenerationResult result;
            try {
                GenerationListener listener = GenerationListener.NONE;
                if (chat.stream()) {
                    listener = new GenerationListener() {
                        @Override
                        public void onText(String text) {
                            send(response, cancellation, chunk(id, created, model, Responses.JSON.createObjectNode().put("content", text), null));
                        }

                        @Override
                        public void onThinking(String text) {
                            send(response, cancellation, chunk(id, created, model, Responses.JSON.createObjectNode().put("reasoning_content", text), null));
                        }
                    };
                }
                result = g.generate(chat.request(), listener, cancellation);
            } catch (RuntimeException e) {
                LOG.warn("chat completion {} failed: {}", id, e.toString());
                if (chat.stream()) {
                    ObjectNode error = Responses.JSON.createObjectNode();
                    error.putObject("error").put("message", "generation failed: " + e.getMessage()).put("type", "server_error");
                    if (!response.closed()) response.end(event(error) + "data: [DONE]\n\n");
                } else {
                    Responses.error(response, 500, "server_error", "generation failed: " + e.getMessage());
                }
                return;
            }
            if (result.stopReason() == StopReason.CANCELLED) {
                LOG.info("chat completion {} cancelled after {} tokens: {}", id, result.generatedTokens(), cancellation.reason());
                if (response.closed()) return;
            }
            if (response.closed()) return;
            if (chat.stream()) {
                StringBuilder tail = new StringBuilder();
                tail.append(event(chunk(id, created, model, Responses.JSON.createObjectNode(), finishReason(result.stopReason()))));
                if (chat.includeUsage()) {
                    ObjectNode usage = chunk(id, created, model, null, null);
                    usage.set("usage", usage(result));
                    tail.append(event(usage));
                }
                tail.append("data: [DONE]\n\n");
                response.end(tail.toString());
            } else {
                ObjectNode body = Responses.JSON.createObjectNode();
                body.put("id", id);
                body.put("object", "chat.completion");
                body.put("created", created);
                body.put("model", model);
                ObjectNode choice = body.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", result.text());
                if (!result.thinking().isEmpty()) message.put("reasoning_content", result.thinking());
                choice.putNull("logprobs");
                choice.put("finish_reason", finishReason(result.stopReason()));
                body.set("usage", usage(result));
                Responses.json(ctx, 200, body);
            }
        });
    }

    private static void send(HttpServerResponse response, Cancellation cancellation, ObjectNode chunk) {
        if (response.closed()) {
            cancellation.cancel("the client disconnected");
            return;
        }
        try {
            response.write(event(chunk));
        } catch (IllegalStateException e) {
            cancellation.cancel("the client disconnected");
        }
    }

    private static String event(ObjectNode json) {
        return "data: " + json + "\n\n";
    }

    private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = Responses.JSON.createObjectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        ArrayNode choices = chunk.putArray("choices");
        if (delta != null) {
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) choice.putNull("finish_reason");
            else choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static ObjectNode usage(GenerationResult result) {
        ObjectNode usage = Responses.JSON.createObjectNode();
        usage.put("prompt_tokens", result.promptTokens());
        usage.put("completion_tokens", result.generatedTokens());
        usage.put("total_tokens", result.promptTokens() + result.generatedTokens());
        return usage;
    }

    /** {@code stop} for an end-of-sequence, a stop string or a cancel; {@code length} when a token limit cut it. */
    static String finishReason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS, CONTEXT_FULL -> "length";
            case END_OF_SEQUENCE, STOP_STRING, CANCELLED -> "stop";
        };
    }

    /** Reads an OpenAI chat request; every unsupported or out-of-range field is a {@link BadRequest} naming it. */
    static Chat parse(JsonNode body, int contextLength) {
        JsonNode messagesNode = body.path("messages");
        if (!messagesNode.isArray() || messagesNode.isEmpty()) throw new BadRequest("messages", "`messages` must be a non-empty array of {role, content}");
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < messagesNode.size(); i++) {
            JsonNode m = messagesNode.get(i);
            String param = "messages[" + i + "]";
            Role role = switch (m.path("role").asText("")) {
                case "system", "developer" -> Role.SYSTEM;
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                default -> throw new BadRequest(param + ".role", param + ".role must be system, developer, user or assistant (tools are not supported), got "
                        + m.path("role"));
            };
            messages.add(new ChatMessage(role, content(m.path("content"), param + ".content")));
        }
        if (body.path("n").asInt(1) != 1) throw new BadRequest("n", "only n = 1 is supported");
        if (body.has("tools") && !body.path("tools").isEmpty()) throw new BadRequest("tools", "tools (function calling) are not supported");
        double temperature = number(body, "temperature", DEFAULTS.temperature(), 0, 2);
        double topP = number(body, "top_p", DEFAULTS.topP(), 0, 1);
        if (topP == 0) throw new BadRequest("top_p", "top_p must be greater than 0");
        int topK = (int) number(body, "top_k", DEFAULTS.topK(), 0, 1_000_000);
        double minP = number(body, "min_p", DEFAULTS.minP(), 0, 0.999);
        double presence = number(body, "presence_penalty", DEFAULTS.presencePenalty(), -2, 2);
        double repetition = number(body, "repetition_penalty", DEFAULTS.repetitionPenalty(), 1, 3);
        int maxTokens = (int) number(body, body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens", DEFAULTS.maxNewTokens(), 1, 1 << 20);
        maxTokens = Math.min(maxTokens, contextLength);
        long seed = body.hasNonNull("seed") ? body.path("seed").asLong() : ThreadLocalRandom.current().nextLong();
        if (body.hasNonNull("seed") && !body.path("seed").isIntegralNumber()) throw new BadRequest("seed", "seed must be an integer");
        List<String> stops = new ArrayList<>();
        JsonNode stop = body.path("stop");
        if (stop.isTextual()) stops.add(stop.asText());
        else if (stop.isArray()) {
            if (stop.size() > 4) throw new BadRequest("stop", "at most 4 stop sequences");
            for (JsonNode s : stop) {
                if (!s.isTextual()) throw new BadRequest("stop", "stop must be a string or an array of strings");
                stops.add(s.asText());
            }
        } else if (!stop.isMissingNode() && !stop.isNull()) throw new BadRequest("stop", "stop must be a string or an array of strings");
        stops.removeIf(String::isEmpty);
        boolean thinking = body.path("chat_template_kwargs").path("enable_thinking").asBoolean(false);
        SamplingOptions sampling = new SamplingOptions(temperature, topK, topP, minP, repetition, presence, maxTokens, seed, stops, false);
        boolean stream = body.path("stream").asBoolean(false);
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        // vLLM's continue_final_message (or add_generation_prompt: false): the trailing assistant message is the start of
        // the answer to continue, not a finished turn (how Inkstone's own remote backend continues a cut-off answer)
        String prefix = "";
        boolean continueFinal = body.path("continue_final_message").asBoolean(false)
                || body.path("chat_template_kwargs").path("continue_final_message").asBoolean(false)
                || (body.has("add_generation_prompt") && !body.path("add_generation_prompt").asBoolean(true));
        if (continueFinal && messages.getLast().role() == Role.ASSISTANT && messages.size() > 1) {
            prefix = messages.removeLast().content();
        }
        return new Chat(new GenerationRequest(messages, null, prefix, thinking, sampling), stream, usage);
    }

    private static String content(JsonNode content, String param) {
        if (content.isTextual()) return content.asText();
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw new BadRequest(param, param + ": only text parts are supported, got type " + part.path("type"));
                }
                text.append(part.path("text").asText(""));
            }
            return text.toString();
        }
        if (content.isNull() || content.isMissingNode()) return "";
        throw new BadRequest(param, param + " must be a string or an array of text parts");
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode n = body.path(field);
        if (n.isMissingNode() || n.isNull()) return fallback;
        if (!n.isNumber()) throw new BadRequest(field, field + " must be a number");
        double v = n.asDouble();
        if (!(v >= min && v <= max)) throw new BadRequest(field, field + " must be in [" + min + ", " + max + "], got " + v);
        return v;
    }
}
