package io.inkstone.pipeline.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** JSON answers and OpenAI-shaped errors ({@code {"error": {"message", "type", "param", "code"}}}). */
final class Responses {
    static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    static void json(RoutingContext ctx, int status, Object body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(text);
    }

    static void error(RoutingContext ctx, int status, String type, String message) {
        error(ctx.response(), status, type, message);
    }

    static void error(HttpServerResponse response, int status, String type, String message) {
        if (response.ended() || response.closed()) return;
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        e.putNull("code");
        response.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(error.toString());
    }
}
