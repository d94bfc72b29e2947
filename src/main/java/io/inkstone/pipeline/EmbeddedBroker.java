package io.inkstone.pipeline;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * A small team's broker ({@code inkstone broker}): Apache ActiveMQ Classic in this process, persistent (KahaDB in the
 * data folder, so queued briefs and results survive a restart), one OpenWire listener. Briefs delivered too often go
 * to their own dead-letter queue ({@code DLQ.<queue>}), which the desk watches. With a user and password (from
 * {@code INKSTONE_BROKER_USER} / {@code INKSTONE_BROKER_PASSWORD}) clients must log in.
 */
public final class EmbeddedBroker implements AutoCloseable {


    private final BrokerService broker;
    private final URI uri;

    private EmbeddedBroker(BrokerService broker, URI uri) {
        this.broker = broker;
        this.uri = uri;
    }

    /**
     * Starts the broker.
     *
     * @param dataDir  where KahaDB keeps its journal (created if missing)
     * @param host     the address to listen on ({@code 0.0.0.0} for every interface, {@code 127.0.0.1} for this machine)
     * @param port     the port (61616 is ActiveMQ's; 0 = any free port)
     * @param user     the user clients must log in as, or "" for none
     * @param password its password
     */
    public static EmbeddedBroker start(Path dataDir, String host, int port, String user, String password) throws Exception {
        Files.createDirectories(dataDir);
        BrokerService broker = new BrokerService();
        broker.setBrokerName("inkstone");
        broker.setDataDirectoryFile(dataDir.toFile());
        broker.setPersistent(true);
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setDirectory(dataDir.resolve("kahadb").toFile());
        broker.setPersistenceAdapter(kahaDb);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        broker.getSystemUsage().getStoreUsage().setLimit(4L << 30);
        broker.getSystemUsage().getTempUsage().setLimit(1L << 30);

        PolicyEntry everyQueue = new PolicyEntry();
        everyQueue.setQueue(">");
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        everyQueue.setDeadLetterStrategy(deadLetters);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(everyQueue));
        broker.setDestinationPolicy(policies);

        if (user != null && !user.isEmpty()) {
            SimpleAuthenticationPlugin authentication = new SimpleAuthenticationPlugin(
                    List.of(new AuthenticationUser(user, password == null ? "" : password, "inkstone")));
            authentication.setAnonymousAccessAllowed(false);
            broker.setPlugins(new BrokerPlugin[] {authentication});
        }
        TransportConnector connector = broker.addConnector("tcp://" + host + ":" + port);
        broker.start();
        if (!broker.waitUntilStarted()) {
            throw new IllegalStateException("the broker did not start; see the messages above");
        }
        return new EmbeddedBroker(broker, connector.getPublishableConnectURI());
    }

    /** The address clients use ({@code tcp://HOST:PORT}). */
    public URI uri() {
        return uri;
    }

    public int port() {
        return uri.getPort();
    }

    /** Blocks until the broker stops. */
    public void awaitStop() {
        broker.waitUntilStopped();
    }

    @Override
    public void close() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
