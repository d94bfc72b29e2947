package io.inkstone.pipeline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.pipeline.WritingEvents;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What is being written right now, kept for the dashboard and pushed to its open event streams (server-sent events):
 * {@code text} deltas, {@code progress} (stage, section i/n, tokens, tokens/s, ETA) at most a few times a second, and
 * {@code finished}.
 */
final class LiveDesk implements WritingEvents {
    /** The live text kept per brief (the note has all of it). */
    private static final int KEEP_CHARS = 200_000;

    static final class Live {
        final String claim;
        final String name;
        volatile String stage = "waiting for the model";
        volatile int section;
        volatile int sections;
        volatile String heading = "";
        volatile int tokens;
        volatile double tokensPerSecond;
        volatile long etaSeconds;
        final StringBuilder text = new StringBuilder();
        /** Text not yet sent: deltas go out in batches, at most ten a second, so a browser keeps up at any speed. */
        final StringBuilder pending = new StringBuilder();
        volatile long lastProgressNanos;
        long lastTextNanos;

        Live(String claim, String name) {
            this.claim = claim;
            this.name = name;
        }

        synchronized ObjectNode json(boolean withText) {
            ObjectNode n = Responses.JSON.createObjectNode();
            n.put("claim", claim);
            n.put("name", name);
            n.put("stage", stage);
            n.put("section", section);
            n.put("sections", sections);
            n.put("heading", heading);
            n.put("tokens", tokens);
            n.put("tokensPerSecond", Math.round(tokensPerSecond * 10) / 10.0);
            n.put("etaSeconds", etaSeconds);
            if (withText) n.put("text", text.toString());
            return n;
        }
    }

    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();

    ArrayNode snapshot() {
        ArrayNode out = Responses.JSON.createArrayNode();
        live.values().forEach(l -> out.add(l.json(true)));
        return out;
    }

    boolean isLive(String claim) {
        return live.containsKey(claim);
    }

    void subscribe(HttpServerResponse response) {
        streams.add(response);
        response.closeHandler(v -> streams.remove(response));
    }

    void closeAll() {
        for (HttpServerResponse r : streams) {
            try {
                r.end();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        streams.clear();
    }

    private void publish(String type, ObjectNode data) {
        data.put("type", type);
        String event = "event: " + type + "\ndata: " + data + "\n\n";
        for (HttpServerResponse r : streams) {
            if (r.closed()) {
                streams.remove(r);
                continue;
            }
            try {
                r.write(event);
            } catch (RuntimeException e) {
                streams.remove(r);
            }
        }
    }

    @Override
    public ComposeProgress started(String claim, String name) {
        Live l = new Live(claim, name);
        live.put(claim, l);
        publish("started", l.json(false));
        return new ComposeProgress() {
            @Override
            public void stage(String stage) {
                l.stage = stage;
                publish("progress", l.json(false));
            }

            @Override
            public void section(int index, int count, String heading) {
                flush(l);
                l.section = index;
                l.sections = count;
                l.heading = heading;
                synchronized (l) {
                    String title = (l.text.isEmpty() ? "" : "\n\n") + "## " + heading + "\n\n";
                    l.text.append(title);
                    l.pending.append(title);
                }
                publish("progress", l.json(false));
                flush(l);
            }

            @Override
            public void tokens(int generated, double tokensPerSecond, Duration eta) {
                l.tokens = generated;
                l.tokensPerSecond = tokensPerSecond;
                l.etaSeconds = eta.toSeconds();
                long now = System.nanoTime();
                if (now - l.lastProgressNanos > 250_000_000L) {
                    l.lastProgressNanos = now;
                    publish("progress", l.json(false));
                }
            }

            @Override
            public void text(String delta) {
                synchronized (l) {
                    l.text.append(delta);
                    if (l.text.length() > KEEP_CHARS) l.text.delete(0, l.text.length() - KEEP_CHARS);
                    l.pending.append(delta);
                }
                long now = System.nanoTime();
                if (now - l.lastTextNanos > 100_000_000L) flush(l);
            }

            @Override
            public void note(String message) {
                publish("note", Responses.JSON.createObjectNode().put("claim", claim).put("message", message));
            }
        };
    }

    /** Sends the text not yet sent. */
    private void flush(Live l) {
        String delta;
        synchronized (l) {
            if (l.pending.isEmpty()) return;
            delta = l.pending.toString();
            l.pending.setLength(0);
            l.lastTextNanos = System.nanoTime();
        }
        publish("text", Responses.JSON.createObjectNode().put("claim", l.claim).put("delta", delta));
    }

    @Override
    public void finished(String claim, String name, String outcome, String detail) {
        Live l = live.remove(claim);
        if (l != null) flush(l);
        publish("finished", Responses.JSON.createObjectNode().put("claim", claim).put("name", name).put("outcome", outcome)
                .put("detail", detail == null ? "" : detail));
    }
}
