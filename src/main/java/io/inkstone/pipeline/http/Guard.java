package io.inkstone.pipeline.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may do what. With a token, every request must carry it ({@code Authorization: Bearer T}) or a session cookie from the
 * dashboard's login; without one (loopback only) anyone on this machine may. State-changing dashboard requests made
 * with the session cookie (or without a token) must come from the dashboard's own origin ({@code Origin}) and carry its
 * CSRF token; API POSTs must be JSON and, without a
 * Bearer token, come from no foreign origin, so that a web page in the user's browser cannot drive the desk.
 */
final class Guard {
    static final String SESSION_COOKIE = "inkstone_session";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final String token;
    private final SecureRandom random = new SecureRandom();
    /** session id → its CSRF token. Without a token there is one implicit session, {@code ""}. */
    private final ConcurrentHashMap<String, String> sessions = new ConcurrentHashMap<>();

    Guard(String token) {
        this.token = token;
        if (token == null) sessions.put("", randomId());
    }

    boolean hasToken() {
        return token != null;
    }

    /** The first handler of every route: 401 without the token, 403 for a cross-site state change. */
    void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean api = path.startsWith("/v1/");
        boolean bearer = token != null && bearerOk(ctx);
        String session = session(ctx);
        if (token != null && !bearer && session == null) {
            if (path.equals("/login") || path.equals("/assets/style.css")) {
                ctx.next();
                return;
            }
            if (api || !acceptsHtml(ctx)) {
                Responses.error(ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"inkstone\""), 401, "authentication_error",
                        "missing or wrong access token: send `Authorization: Bearer TOKEN` (the token given to inkstone by --token or INKSTONE_TOKEN)");
            } else {
                ctx.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8").end(Pages.login(null));
            }
            return;
        }
        if (!stateChanging(ctx.request().method())) {
            ctx.next();
            return;
        }
        if (bearer && !api) {
            // a program with the token (browsers never add an Authorization header by themselves): no CSRF risk
            ctx.next();
            return;
        }
        if (api) {
            String type = ctx.request().getHeader("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                Responses.error(ctx, 415, "invalid_request_error", "send the request body as JSON (Content-Type: application/json)");
                return;
            }
            if (!bearer && !sameOrigin(ctx, true)) {
                Responses.error(ctx, 403, "permission_error", "cross-origin API requests are refused; call the API from a program, not a web page");
                return;
            }
            ctx.next();
            return;
        }
        if (path.equals("/login")) {
            if (!sameOrigin(ctx, false)) {
                Responses.error(ctx, 403, "permission_error", "the login form must be sent from this server's own page");
                return;
            }
            ctx.next();
            return;
        }
        if (!sameOrigin(ctx, false)) {
            Responses.error(ctx, 403, "permission_error", "refused: the request does not come from this dashboard (Origin " + ctx.request().getHeader("Origin") + ")");
            return;
        }
        String expected = session == null ? null : sessions.get(session);
        String given = ctx.request().getHeader(CSRF_HEADER);
        if (given == null) given = ctx.request().getFormAttribute("csrf");
        if (expected == null || given == null || !constantTimeEquals(expected, given)) {
            Responses.error(ctx, 403, "permission_error", "refused: missing or wrong CSRF token (reload the dashboard and try again)");
            return;
        }
        ctx.next();
    }

    /** The CSRF token of the caller's session (the dashboard fetches it), or null when it has none. */
    String csrfFor(RoutingContext ctx) {
        String session = session(ctx);
        return session == null ? null : sessions.get(session);
    }

    /** POST /login: a right token starts a session (an HttpOnly, SameSite=Strict cookie). */
    void login(RoutingContext ctx) {
        String given = ctx.request().getFormAttribute("token");
        if (token == null) {
            ctx.redirect("/");
            return;
        }
        if (given == null || !constantTimeEquals(token, given.strip())) {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8").end(Pages.login("Wrong token."));
            return;
        }
        String id = randomId();
        sessions.put(id, randomId());
        ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, id).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/"));
        ctx.response().setStatusCode(303).putHeader("Location", "/").end();
    }

    private String session(RoutingContext ctx) {
        if (token == null) return "";
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        if (cookie == null) return null;
        return sessions.containsKey(cookie.getValue()) ? cookie.getValue() : null;
    }

    private boolean bearerOk(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return constantTimeEquals(token, header.substring(7).strip());
    }

    /** Origin (else Referer) must name this server as the browser reached it; {@code allowAbsent} for non-browser clients. */
    private static boolean sameOrigin(RoutingContext ctx, boolean allowAbsent) {
        String origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            String referer = ctx.request().getHeader("Referer");
            if (referer == null) return allowAbsent;
            int slash = referer.indexOf('/', referer.indexOf("//") + 2);
            origin = slash < 0 ? referer : referer.substring(0, slash);
        }
        String host = ctx.request().getHeader("Host");
        if (host == null && ctx.request().authority() != null) {
            var authority = ctx.request().authority(); // HTTP/2: the :authority pseudo-header
            host = authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        }
        if (host == null) return false;
        String scheme = ctx.request().isSSL() ? "https://" : "http://";
        return origin.equalsIgnoreCase(scheme + host);
    }

    private static boolean acceptsHtml(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static boolean stateChanging(HttpMethod method) {
        return !Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS).contains(method);
    }

    private String randomId() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
