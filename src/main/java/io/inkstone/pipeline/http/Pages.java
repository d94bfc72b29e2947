package io.inkstone.pipeline.http;

/** The few server-made HTML pages (the dashboard itself is a static page under {@code /assets}). */
final class Pages {
    private Pages() {}

    static String login(String problem) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Inkstone: sign in</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/assets/style.css"></head>
                <body><main class="login"><h1>Inkstone</h1>
                <p>This desk is protected by an access token (the one given to <code>inkstone</code> with <code>--token</code> or
                <code>INKSTONE_TOKEN</code>).</p>
                %s<form method="post" action="/login"><label>Token <input type="password" name="token" id="token" autofocus></label>
                <button type="submit" id="login">Sign in</button></form></main></body></html>
                """.formatted(problem == null ? "" : "<p class=\"error\">" + escape(problem) + "</p>");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
