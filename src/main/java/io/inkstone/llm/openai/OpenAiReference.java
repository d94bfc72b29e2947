package io.inkstone.llm.openai;

import io.inkstone.llm.ModelLoadException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A remote model reference: {@code openai:http://HOST:PORT/v1#MODEL}. The URL is the API base that
 * {@code /chat/completions} and {@code /models} are appended to; {@code #MODEL} names the served model and may be left
 * out when the server serves exactly one (it is then asked with {@code GET /models}).
 *
 * @param baseUrl the API base, without a trailing slash ({@code http://gpu-box:8000/v1})
 * @param model   the model name, or "" for the server's only model
 */
record OpenAiReference(String baseUrl, String model) {

    static final String SCHEME = "openai:";

    static boolean matches(String reference) {
        return reference != null && reference.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** @throws ModelLoadException for anything that is not {@code openai:http(s)://HOST[:PORT][/PATH][#MODEL]} */
    static OpenAiReference parse(String reference) {
        if (!matches(reference)) throw new ModelLoadException("'" + reference + "' is not an openai: reference");
        String rest = reference.substring(SCHEME.length()).strip();
        int hash = rest.indexOf('#');
        String url = hash < 0 ? rest : rest.substring(0, hash);
        String model = hash < 0 ? "" : rest.substring(hash + 1).strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ModelLoadException("'" + reference + "': " + e.getMessage() + " (write openai:http://HOST:PORT/v1#MODEL)", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ModelLoadException("'" + reference + "' does not name an http(s) server (write openai:http://HOST:PORT/v1#MODEL,"
                    + " e.g. openai:http://127.0.0.1:8000/v1#Qwen/Qwen3-4B-Instruct-2507)");
        }
        if (uri.getUserInfo() != null) {
            throw new ModelLoadException("'" + SCHEME + scheme + "://…@" + uri.getHost() + "': do not put credentials in the model"
                    + " reference; set INKSTONE_OPENAI_API_KEY (or OPENAI_API_KEY) instead");
        }
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new OpenAiReference(base, model);
    }

    /** The reference as the user writes it. */
    @Override
    public String toString() {
        return SCHEME + baseUrl + (model.isEmpty() ? "" : "#" + model);
    }
}
