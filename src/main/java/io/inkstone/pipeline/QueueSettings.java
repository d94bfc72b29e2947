package io.inkstone.pipeline;

import java.net.URI;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.ActiveMQSslConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;

/**
 * Where desks and workers meet: an ActiveMQ (OpenWire) broker. The URL, user and password come from the command line
 * ({@code --queue}), else the environment ({@code INKSTONE_BROKER_URL}, {@code INKSTONE_BROKER_USER},
 * {@code INKSTONE_BROKER_PASSWORD}), else {@code inkstone.broker.*} in inkstone.properties. TLS: an {@code ssl://} URL,
 * with {@code INKSTONE_BROKER_TRUSTSTORE} / {@code _TRUSTSTORE_PASSWORD} (and {@code _KEYSTORE} / {@code _KEYSTORE_PASSWORD}
 * for client certificates) or the JVM's {@code javax.net.ssl.*} properties. The password and any credentials in the
 * URL are never logged: {@link #toString()} and {@link #redactedUrl()} hide them.
 *
 * @param url         the broker, e.g. {@code tcp://desk.local:61616} or {@code failover:(ssl://a:61617,ssl://b:61617)}; "" = off
 * @param user        broker user, or "" for none
 * @param password    broker password, or ""
 * @param queuePrefix queue names start with it: {@code PREFIX.briefs}, {@code PREFIX.results}, {@code PREFIX.events}
 * @param maxAttempts deliveries of one brief to workers before it is failed (a poison brief)
 * @param trustStore  TLS trust store file, or ""
 * @param trustStorePassword its password, or ""
 * @param keyStore    TLS client key store file, or ""
 * @param keyStorePassword its password, or ""
 */
public record QueueSettings(String url, String user, String password, String queuePrefix, int maxAttempts,
                            String trustStore, String trustStorePassword, String keyStore, String keyStorePassword) {

    public QueueSettings {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        queuePrefix = queuePrefix == null || queuePrefix.isBlank() ? "inkstone" : queuePrefix.strip();
        if (!queuePrefix.matches("[A-Za-z0-9_.-]+")) {
            throw new SettingsException("inkstone.broker.queuePrefix=" + queuePrefix + ": use letters, digits, '.', '-' and '_' only");
        }
        if (maxAttempts < 1) throw new SettingsException("inkstone.broker.maxAttempts must be at least 1, got " + maxAttempts);
        trustStore = trustStore == null ? "" : trustStore;
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        keyStore = keyStore == null ? "" : keyStore;
        keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
    }

    /** Settings-file values, with the environment's taking precedence. */
    static QueueSettings of(String url, String user, String password, String prefix, int maxAttempts, UnaryOperator<String> env) {
        return new QueueSettings(envOr(env, "INKSTONE_BROKER_URL", url), envOr(env, "INKSTONE_BROKER_USER", user),
                envOr(env, "INKSTONE_BROKER_PASSWORD", password), prefix, maxAttempts,
                envOr(env, "INKSTONE_BROKER_TRUSTSTORE", ""), envOr(env, "INKSTONE_BROKER_TRUSTSTORE_PASSWORD", ""),
                envOr(env, "INKSTONE_BROKER_KEYSTORE", ""), envOr(env, "INKSTONE_BROKER_KEYSTORE_PASSWORD", ""));
    }

    private static String envOr(UnaryOperator<String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** Whether a broker is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The same settings for another broker URL (the {@code --queue} option). */
    public QueueSettings withUrl(String brokerUrl) {
        return new QueueSettings(brokerUrl, user, password, queuePrefix, maxAttempts, trustStore, trustStorePassword, keyStore, keyStorePassword);
    }

    public QueueSettings withMaxAttempts(int attempts) {
        return new QueueSettings(url, user, password, queuePrefix, attempts, trustStore, trustStorePassword, keyStore, keyStorePassword);
    }

    /**
     * The URL clients connect with: a single {@code tcp://} or {@code ssl://} address is wrapped in ActiveMQ's failover
     * transport, so desks and workers ride out a broker restart (a send waits for the broker; an unfinished transaction
     * is rolled back and its brief delivered again), while a broker that is not there at start is reported after a
     * few tries instead of waited for forever.
     */
    public String clientUrl() {
        if (url.contains("://") && !url.startsWith("failover:") && !url.startsWith("vm:") && !url.contains(",")) {
            return "failover:(" + url + ")?startupMaxReconnectAttempts=3&initialReconnectDelay=200&maxReconnectDelay=5000";
        }
        return url;
    }

    /** Briefs from the desk to the workers. */
    public String briefsQueue() { return queuePrefix + ".briefs"; }

    /** Finished notes and final failures from the workers to the desk. */
    public String resultsQueue() { return queuePrefix + ".results"; }

    /** "worker W took brief B" notices, for {@code inkstone status}. */
    public String eventsQueue() { return queuePrefix + ".events"; }

    /** Where the broker puts briefs delivered too often (workers that died on them). */
    public String deadLetterQueue() { return "DLQ." + briefsQueue(); }

    /** The URL with any {@code user:password@} or {@code password=} parameter hidden, for messages and logs. */
    public String redactedUrl() {
        return url.replaceAll("//[^/@()]+@", "//***@").replaceAll("(?i)(password=)[^&)]*", "$1***");
    }

    /**
     * A connection factory for this broker: persistent sends, redelivery with a growing delay (1 s, 2 s, 4 s ... at most
     * 30 s), at most {@link #maxAttempts()} deliveries before the broker moves a brief to the dead-letter queue, and
     * prefetch 0 so that an idle worker, not a busy one, gets the next brief.
     */
    public ActiveMQConnectionFactory connectionFactory(String clientIdPrefix) {
        ActiveMQConnectionFactory factory;
        if (url.toLowerCase(Locale.ROOT).contains("ssl://")) {
            ActiveMQSslConnectionFactory ssl = new ActiveMQSslConnectionFactory(clientUrl());
            try {
                if (!trustStore.isEmpty()) {
                    ssl.setTrustStore(URI.create("file:" + trustStore).toString());
                    ssl.setTrustStorePassword(trustStorePassword);
                }
                if (!keyStore.isEmpty()) {
                    ssl.setKeyStore(URI.create("file:" + keyStore).toString());
                    ssl.setKeyStorePassword(keyStorePassword);
                }
            } catch (Exception e) {
                throw new SettingsException("cannot use the TLS key or trust store for " + redactedUrl() + ": " + e.getMessage(), e);
            }
            factory = ssl;
        } else {
            factory = new ActiveMQConnectionFactory(clientUrl());
        }
        if (!user.isEmpty()) factory.setUserName(user);
        if (!password.isEmpty()) factory.setPassword(password);
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        // maxAttempts redeliveries = maxAttempts + 1 deliveries before the dead-letter queue: a worker reports the
        // maxAttempts-th failure itself (with its error); the spare one catches workers that die on the brief each time
        redelivery.setMaximumRedeliveries(maxAttempts);
        redelivery.setInitialRedeliveryDelay(1000);
        redelivery.setRedeliveryDelay(1000);
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(30_000);
        factory.setRedeliveryPolicy(redelivery);
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0);
        factory.setPrefetchPolicy(prefetch);
        factory.setClientIDPrefix(clientIdPrefix);
        factory.setNonBlockingRedelivery(true);
        return factory;
    }

    @Override
    public String toString() {
        return "QueueSettings[url=" + redactedUrl() + ", user=" + (user.isEmpty() ? "none" : user) + ", password="
                + (password.isEmpty() ? "none" : "***") + ", queuePrefix=" + queuePrefix + ", maxAttempts=" + maxAttempts + "]";
    }
}
