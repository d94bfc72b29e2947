package io.inkstone.llm.openai;

import io.inkstone.llm.ModelLoadException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How Inkstone talks to a remote server, from the environment (or Java system properties of the same name, for
 * tests and launch scripts). The API key is never logged or shown.
 *
 * @param apiKey          sent as {@code Authorization: Bearer}; null for none (INKSTONE_OPENAI_API_KEY, else OPENAI_API_KEY)
 * @param connectTimeout  opening a connection (INKSTONE_OPENAI_CONNECT_TIMEOUT_SECONDS, default 10)
 * @param responseTimeout waiting for the response headers, i.e. the server queueing the request
 *                        (INKSTONE_OPENAI_RESPONSE_TIMEOUT_SECONDS, default 600)
 * @param idleTimeout     the longest silence between two streamed events (INKSTONE_OPENAI_IDLE_TIMEOUT_SECONDS, default 300)
 * @param retries         further attempts after a connection error or HTTP 429/502/503/504 (INKSTONE_OPENAI_RETRIES, default 4)
 * @param backoff         wait before the first retry, doubled for each further one (INKSTONE_OPENAI_BACKOFF_MILLIS, default 500)
 * @param standardOnly    send only the parameters of OpenAI's own API (no top_k, min_p, repetition_penalty, ignore_eos,
 *                        chat_template_kwargs, continue_final_message) (INKSTONE_OPENAI_STANDARD_ONLY=true)
 */
record RemoteOptions(String apiKey, Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int retries,
                     Duration backoff, boolean standardOnly) {

    static RemoteOptions defaults() {
        return new RemoteOptions(null, Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(300), 4,
                Duration.ofMillis(500), false);
    }

    /** From the environment, with system properties of the same name taking precedence. */
    static RemoteOptions fromEnvironment() {
        return from(name -> {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name);
        });
    }

    static RemoteOptions from(UnaryOperator<String> env) {
        RemoteOptions d = defaults();
        String key = nonBlank(env.apply("INKSTONE_OPENAI_API_KEY"));
        if (key == null) key = nonBlank(env.apply("OPENAI_API_KEY"));
        return new RemoteOptions(key,
                Duration.ofMillis(millis(env, "INKSTONE_OPENAI_CONNECT_TIMEOUT_SECONDS", d.connectTimeout().toMillis(), 1000)),
                Duration.ofMillis(millis(env, "INKSTONE_OPENAI_RESPONSE_TIMEOUT_SECONDS", d.responseTimeout().toMillis(), 1000)),
                Duration.ofMillis(millis(env, "INKSTONE_OPENAI_IDLE_TIMEOUT_SECONDS", d.idleTimeout().toMillis(), 1000)),
                (int) millis(env, "INKSTONE_OPENAI_RETRIES", d.retries(), 1),
                Duration.ofMillis(millis(env, "INKSTONE_OPENAI_BACKOFF_MILLIS", d.backoff().toMillis(), 1)),
                "true".equalsIgnoreCase(nonBlank(env.apply("INKSTONE_OPENAI_STANDARD_ONLY"))));
    }

    RemoteOptions withTimeouts(Duration connect, Duration response, Duration idle, int retryCount, Duration firstBackoff) {
        return new RemoteOptions(apiKey, connect, response, idle, retryCount, firstBackoff, standardOnly);
    }

    RemoteOptions withApiKey(String key) {
        return new RemoteOptions(key, connectTimeout, responseTimeout, idleTimeout, retries, backoff, standardOnly);
    }

    private static long millis(UnaryOperator<String> env, String name, long fallbackMillis, int scale) {
        String value = nonBlank(env.apply(name));
        if (value == null) return fallbackMillis;
        try {
            double n = Double.parseDouble(value);
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) throw new NumberFormatException();
            return Math.round(n * scale);
        } catch (NumberFormatException e) {
            throw new ModelLoadException(name + "=" + value + " is not a non-negative number");
        }
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "RemoteOptions[apiKey=" + (apiKey == null ? "none" : "set") + ", connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", idleTimeout=" + idleTimeout + ", retries=" + retries
                + ", backoff=" + backoff + ", standardOnly=" + standardOnly + "]";
    }
}
