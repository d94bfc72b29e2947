package io.inkstone.pipeline;

/**
 * Every key {@code inkstone.properties} may hold, with its default; besides these, {@code inkstone.compose.*}
 * (see {@link io.inkstone.compose.ComposeSettings}) and {@code camel.*} (passed to Camel).
 */
public enum Setting {
    INBOX("inkstone.inbox", "inbox"),
    VAULT("inkstone.vault", "vault"),
    MODEL("inkstone.model", "models/Qwen3-4B-Instruct-2507"),
    MODEL_DTYPE("inkstone.model.dtype", "int4"),
    MODEL_CONTEXT_LENGTH("inkstone.model.contextLength", "0"),
    MODEL_THREADS("inkstone.model.threads", "0"),
    MODEL_MAX_BATCH("inkstone.model.maxBatch", "4"),
    TEMPLATES("inkstone.templates", ""),
    VAULT_FOLDER("inkstone.vault.folder", "Inkstone"),
    VAULT_ATTACHMENTS("inkstone.vault.attachments", "attachments"),
    VAULT_NAMING("inkstone.vault.naming", "{date} {title}"),
    EXPORT_FORMATS("inkstone.export.formats", "pdf,epub"),
    EXPORT_ENGINE("inkstone.export.engine", "auto"),
    EXPORT_FONT("inkstone.export.font", ""),
    EXPORT_CSS("inkstone.export.css", ""),
    CONCURRENCY("inkstone.concurrency", "2"),
    INBOX_STABLE_MILLIS("inkstone.inbox.stableMillis", "2000"),
    INBOX_POLL_MILLIS("inkstone.inbox.pollMillis", "1000"),
    SCHEDULES_SCAN_MILLIS("inkstone.schedules.scanMillis", "5000"),
    /** seconds between two firings of a schedule, at least */
    SCHEDULE_MIN_INTERVAL("inkstone.schedule.minInterval", "60"),
    RESUME_MAX_ATTEMPTS("inkstone.resume.maxAttempts", "3"),
    SHUTDOWN_TIMEOUT_SECONDS("inkstone.shutdown.timeoutSeconds", "30"),
    ROUTES("inkstone.routes", ""),
    HTTP_HOST("inkstone.http.host", "127.0.0.1"),
    HTTP_PORT("inkstone.http.port", "8731"),
    BROKER_URL("inkstone.broker.url", ""),
    BROKER_USER("inkstone.broker.user", ""),
    BROKER_PASSWORD("inkstone.broker.password", ""),
    BROKER_QUEUE_PREFIX("inkstone.broker.queuePrefix", "inkstone"),
    BROKER_MAX_ATTEMPTS("inkstone.broker.maxAttempts", "3");

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() { return key; }

    public String defaultValue() { return defaultValue; }

    /** The setting with this key, or null. */
    static Setting of(String key) {
        for (Setting s : values()) if (s.key.equals(key)) return s;
        return null;
    }
}
