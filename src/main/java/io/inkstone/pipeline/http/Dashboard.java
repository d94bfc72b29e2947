package io.inkstone.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.BriefProblem;
import io.inkstone.llm.Generator;
import io.inkstone.pipeline.BriefRejectedException;
import io.inkstone.pipeline.InkstonePipeline;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.PipelineStatus;
import io.inkstone.render.MarkdownRenderer;
import io.inkstone.render.RenderedDocument;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The desk in a browser: the queue, what is being written (live, over server-sent events), finished notes (rendered
 * as HTML, with their PDF and EPUB), failures with their reports, Stop and Continue, and a form that submits a brief
 * into the inbox after validating it with the same located errors as {@code inkstone validate}. Serves only its own
 * bundled assets and files inside the vault; nothing is listed.
 */
public final class Dashboard {
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/assets/app.js", "app.js",
            "/assets/style.css", "style.css");
    private static final Pattern EMBED = Pattern.compile("!\\[\\[([^\\]|#]+)]]");
    private static final String NOTE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'";

    private final PipelineSettings settings;
    private final BriefParser parser;
    private final InkstonePipeline pipeline;
    private final Supplier<Generator> model;
    private final LiveDesk live = new LiveDesk();
    private Guard guard;

    /**
     * @param pipeline the running watcher, or null ({@code inkstone serve}: briefs are queued in the inbox for a watcher
     *                 elsewhere, and Stop/Continue are not offered)
     */
    public Dashboard(PipelineSettings settings, BriefParser parser, InkstonePipeline pipeline, Supplier<Generator> model) {
        this.settings = settings;
        this.parser = parser;
        this.pipeline = pipeline;
        this.model = model;
        if (pipeline != null) pipeline.listen(live);
    }

    /** Adds the dashboard to {@code door}. */
    public FrontDoor installOn(FrontDoor door) {
        this.guard = door.guard();
        return door.with(this::routes);
    }

    private void routes(Router router) {
        ASSETS.forEach((path, file) -> router.get(path).handler(ctx -> asset(ctx, file)));
        router.get("/desk/session").handler(this::session);
        router.get("/desk/state").blockingHandler(this::state, false);
        router.get("/desk/events").handler(this::events);
        router.get("/desk/note").blockingHandler(this::note, false);
        router.get("/desk/file").blockingHandler(this::file, false);
        router.get("/desk/report").blockingHandler(this::report, false);
        router.post("/desk/briefs").blockingHandler(this::submit, false);
        router.post("/desk/stop").handler(this::stop);
        router.post("/desk/continue").blockingHandler(this::continueBrief, false);
        router.route().last().handler(ctx -> Responses.error(ctx, 404, "not_found", "nothing here: " + ctx.normalizedPath()));
    }

    private void asset(RoutingContext ctx, String file) {
        try (InputStream in = Dashboard.class.getResourceAsStream("assets/" + file)) {
            if (in == null) {
                Responses.error(ctx, 500, "server_error", "the dashboard's " + file + " is missing from the Inkstone jar; rebuild it");
                return;
            }
            String type = file.endsWith(".js") ? "text/javascript; charset=utf-8" : file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
            ctx.response().putHeader("Content-Type", type)
                    .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self'; frame-ancestors 'none'")
                    .putHeader("Cache-Control", "no-cache")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            Responses.error(ctx, 500, "server_error", e.getMessage());
        }
    }

    private void session(RoutingContext ctx) {
        ObjectNode s = Responses.JSON.createObjectNode();
        s.put("csrf", guard.csrfFor(ctx));
        s.put("watcher", pipeline != null);
        Generator g = model.get();
        s.put("model", g == null ? "loading" : g.modelName());
        s.put("inbox", settings.inbox().toString());
        Responses.json(ctx, 200, s);
    }

    private void state(RoutingContext ctx) {
        PipelineStatus status;
        try {
            status = PipelineStatus.read(settings, parser);
        } catch (IOException e) {
            Responses.error(ctx, 500, "server_error", "cannot read the inbox " + settings.inbox() + ": " + e.getMessage());
            return;
        }
        ObjectNode s = Responses.JSON.createObjectNode();
        s.put("watcher", pipeline != null);
        ArrayNode queued = s.putArray("queued");
        status.queued().forEach(queued::add);
        ArrayNode inProgress = s.putArray("inProgress");
        for (PipelineStatus.InProgress p : status.inProgress()) {
            inProgress.addObject().put("name", p.name()).put("claim", p.claim()).put("progress", p.progress()).put("live", live.isLive(p.claim()));
        }
        s.set("live", live.snapshot());
        ArrayNode done = s.putArray("done");
        for (PipelineStatus.Done d : status.done()) {
            if (done.size() >= 50) break;
            ObjectNode n = done.addObject().put("name", d.name()).put("at", d.at());
            if (d.seconds() != null) n.put("seconds", d.seconds());
            Path note = d.note() == null ? null : Path.of(d.note());
            String rel = note == null ? null : vaultRelative(note);
            if (rel != null && Files.isRegularFile(note)) {
                n.put("note", rel);
                ArrayNode files = n.putArray("files");
                try {
                    Matcher m = EMBED.matcher(Files.readString(note, StandardCharsets.UTF_8));
                    while (m.find()) {
                        String link = m.group(1).strip();
                        if (inVault(link) != null) files.add(link);
                    }
                } catch (IOException ignored) {
                    // the note is listed without its exports
                }
            }
        }
        ArrayNode failed = s.putArray("failed");
        status.failed().forEach(f -> failed.addObject().put("name", f.name()).put("reason", f.reason()));
        Responses.json(ctx, 200, s);
    }

    private void events(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        r.write("retry: 2000\n\n");
        live.subscribe(r);
    }

    /** Vault-relative path of a file inside the vault, or null. */
    private String vaultRelative(Path file) {
        Path vault = settings.vault().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(vault) ? vault.relativize(f).toString().replace('\\', '/') : null;
    }

    /** The file a vault-relative path names, when it is inside the vault (links resolved) and exists; else null. */
    private Path inVault(String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0) return null;
        try {
            Path vault = settings.vault().toRealPath();
            Path file = vault.resolve(relative).normalize();
            if (!file.startsWith(vault) || !Files.isRegularFile(file)) return null;
            Path real = file.toRealPath();
            return real.startsWith(vault) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void note(RoutingContext ctx) {
        Path file = inVault(ctx.request().getParam("path"));
        if (file == null || !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
            Responses.error(ctx, 404, "not_found", "no such note in the vault");
            return;
        }
        try {
            String name = file.getFileName().toString();
            RenderedDocument doc = new MarkdownRenderer().render(Files.readString(file, StandardCharsets.UTF_8), name.substring(0, name.length() - 3));
            String body = EMBED.matcher(doc.xhtmlBody()).replaceAll(m -> {
                String link = m.group(1).strip();
                return java.util.regex.Matcher.quoteReplacement("<a href=\"/desk/file?path=" + java.net.URLEncoder.encode(link, StandardCharsets.UTF_8)
                        + "\">" + Pages.escape(link.substring(link.lastIndexOf('/') + 1)) + "</a>");
            });
            String lang = doc.language() == null ? "" : " lang=\"" + Pages.escape(doc.language()) + "\"";
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Content-Security-Policy", NOTE_CSP)
                    .end("<!doctype html><html" + lang + "><head><meta charset=\"utf-8\"><title>" + Pages.escape(doc.title())
                            + "</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body><main class=\"note\"><p><a href=\"/\">← desk</a></p><h1 id=\"note-title\">"
                            + Pages.escape(doc.title()) + "</h1>" + body + "</main></body></html>");
        } catch (IOException | RuntimeException e) {
            Responses.error(ctx, 500, "server_error", "cannot show " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private void file(RoutingContext ctx) {
        Path file = inVault(ctx.request().getParam("path"));
        String name = file == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".pdf") ? "application/pdf" : name.endsWith(".epub") ? "application/epub+zip"
                : name.endsWith(".md") ? "text/markdown; charset=utf-8" : null;
        if (type == null) {
            Responses.error(ctx, 404, "not_found", "no such note or export in the vault");
            return;
        }
        String ascii = file.getFileName().toString().replaceAll("[^A-Za-z0-9._ -]", "_");
        ctx.response().putHeader("Content-Type", type)
                .putHeader("Content-Disposition", "inline; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20"))
                .sendFile(file.toString());
    }

    private void report(RoutingContext ctx) {
        String name = ctx.request().getParam("name");
        Path failed = settings.folders().failed().toAbsolutePath().normalize();
        if (name == null || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            Responses.error(ctx, 404, "not_found", "no such failed brief");
            return;
        }
        Path report = failed.resolve(name + ".error.md").normalize();
        if (!report.startsWith(failed) || !Files.isRegularFile(report)) {
            Responses.error(ctx, 404, "not_found", "no report for " + name);
            return;
        }
        try {
            String text = Files.readString(report, StandardCharsets.UTF_8);
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Content-Security-Policy", NOTE_CSP)
                    .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Pages.escape(name) + "</title><link rel=\"stylesheet\" "
                            + "href=\"/assets/style.css\"></head><body><main class=\"note\"><p><a href=\"/\">← desk</a></p><pre class=\"report\">"
                            + Pages.escape(text) + "</pre></main></body></html>");
        } catch (IOException e) {
            Responses.error(ctx, 500, "server_error", e.getMessage());
        }
    }

    private JsonNode jsonBody(RoutingContext ctx) {
        try {
            JsonNode body = Responses.JSON.readTree(ctx.body().asString("UTF-8"));
            return body != null && body.isObject() ? body : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** POST /desk/briefs {name, yaml}: validated like `inkstone validate`; a valid brief is dropped into the inbox. */
    private void submit(RoutingContext ctx) {
        JsonNode body = jsonBody(ctx);
        if (body == null || !body.path("yaml").isTextual()) {
            Responses.error(ctx, 400, "invalid_request_error", "send {\"name\": \"file.yaml\", \"yaml\": \"...\"}");
            return;
        }
        String yaml = body.path("yaml").asText();
        if (yaml.getBytes(StandardCharsets.UTF_8).length > BriefParser.MAX_FILE_BYTES) {
            Responses.error(ctx, 413, "invalid_request_error", "a brief may have at most " + BriefParser.MAX_FILE_BYTES + " bytes");
            return;
        }
        String name = fileName(body.path("name").asText(""));
        BriefParseResult result = parser.parse(yaml, Path.of(name));
        if (!result.ok()) {
            ObjectNode answer = Responses.JSON.createObjectNode();
            answer.put("ok", false);
            ArrayNode problems = answer.putArray("problems");
            for (BriefProblem p : result.problems()) {
                problems.addObject().put("line", p.line()).put("column", p.column()).put("message", p.message())
                        .put("hint", p.hint()).put("text", p.format());
            }
            Responses.json(ctx, 422, answer);
            return;
        }
        Path inbox = settings.folders().inbox();
        try {
            Files.createDirectories(inbox);
            Path tmp = inbox.resolve(".upload-" + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            String stem = name.substring(0, name.lastIndexOf('.'));
            String ext = name.substring(name.lastIndexOf('.'));
            Path target = null;
            try {
                for (int i = 1; i <= 1000 && target == null; i++) {
                    Path candidate = inbox.resolve(i == 1 ? name : stem + " (" + i + ")" + ext);
                    if (Files.exists(candidate)) continue;
                    try {
                        Files.move(tmp, candidate, StandardCopyOption.ATOMIC_MOVE);
                        target = candidate;
                    } catch (FileAlreadyExistsException e) {
                        // taken meanwhile: next name
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (target == null) {
                Responses.error(ctx, 409, "invalid_request_error", "too many briefs named " + name + " in the inbox");
                return;
            }
            ObjectNode answer = Responses.JSON.createObjectNode();
            answer.put("ok", true);
            answer.put("file", target.getFileName().toString());
            answer.put("watcher", pipeline != null);
            Responses.json(ctx, 201, answer);
        } catch (IOException e) {
            Responses.error(ctx, 500, "server_error", "cannot write into the inbox " + inbox + ": " + e.getMessage());
        }
    }

    /** A safe file name for a submitted brief: letters, digits, spaces, {@code . _ -}; ends in .yaml. */
    static String fileName(String wanted) {
        String base = wanted.strip().replaceAll("(?i)\\.ya?ml$", "").replaceAll("[^\\p{L}\\p{N} ._-]", "_").replaceAll("^[ .]+", "");
        if (base.length() > 80) base = base.substring(0, 80).strip();
        if (base.isBlank()) base = "brief";
        return base + ".yaml";
    }

    private void stop(RoutingContext ctx) {
        if (pipeline == null) {
            Responses.error(ctx, 409, "invalid_request_error", "no watcher runs in this process (inkstone serve): nothing to stop here");
            return;
        }
        JsonNode body = jsonBody(ctx);
        String claim = body == null ? null : body.path("claim").asText(null);
        if (claim == null || !pipeline.stop(claim)) {
            Responses.error(ctx, 404, "not_found", "that brief is not being written (it may have finished)");
            return;
        }
        Responses.json(ctx, 200, Responses.JSON.createObjectNode().put("ok", true));
    }

    private void continueBrief(RoutingContext ctx) {
        if (pipeline == null) {
            Responses.error(ctx, 409, "invalid_request_error", "no watcher runs in this process (inkstone serve): start `inkstone run` to continue briefs");
            return;
        }
        JsonNode body = jsonBody(ctx);
        String claim = body == null ? null : body.path("claim").asText(null);
        if (claim == null) {
            Responses.error(ctx, 400, "invalid_request_error", "send {\"claim\": \"...\"}");
            return;
        }
        try {
            pipeline.continueBrief(claim);
            Responses.json(ctx, 202, Responses.JSON.createObjectNode().put("ok", true));
        } catch (IllegalStateException e) {
            Responses.error(ctx, 409, "invalid_request_error", e.getMessage());
        } catch (BriefRejectedException e) {
            Responses.error(ctx, 422, "invalid_request_error", e.getMessage());
        } catch (IOException e) {
            Responses.error(ctx, 500, "server_error", e.getMessage());
        }
    }
}
