package io.inkstone.pipeline;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

/** Camel JMS components on an ActiveMQ broker, for desks and workers. */
final class QueueConnections {

    /** Camel component names, bound in the registry. */
    static final String TRANSACTED = "inkstone-jms";
    static final String PLAIN = "inkstone-jms-plain";


    private QueueConnections() {}

    /**
     * A component whose routes run in one local JMS transaction: what a route consumes is acknowledged, and what it
     * sends becomes visible, only when the route completes; a failure rolls both back (the message is delivered again).
     */
    static JmsComponent transacted(ConnectionFactory broker) {
        CachingConnectionFactory cached = new CachingConnectionFactory(broker);
        cached.setSessionCacheSize(4);
        // No consumer caching, neither in the listener container nor here: with a transaction manager each transaction
        // must receive on the session it commits (a consumer kept from an earlier transaction's session takes messages
        // into a transaction nobody commits; measured: briefs stuck until the broker restarted), and every consumer
        // must be closed when its transaction ends. With prefetch 0 a consumer gets a message only when it pulls, but
        // ActiveMQ's failover transport replays each consumer's last pull when it reconnects to a restarted broker: a
        // consumer kept open by the cache then has a brief dispatched to it while nobody is receiving on it (its
        // worker busy with another brief or between receives), and the client's own clean-up of the interrupted
        // connection can drop that dispatch locally. The broker still counts the brief as delivered to that consumer
        // and gives it to no one else for as long as the consumer lives, which with a cached consumer is forever
        // (seen: one of 20 briefs never written after a broker restart). Closed after each receive, a consumer hands
        // back whatever was dispatched to it, and the broker delivers it again (to any worker).
        cached.setCacheConsumers(false);
        return JmsComponent.jmsComponentTransacted(cached, new JmsTransactionManager(cached));
    }

    /** A component outside any transaction (its own connection): publishing briefs, progress notices. */
    static JmsComponent plain(ConnectionFactory broker) {
        CachingConnectionFactory cached = new CachingConnectionFactory(broker);
        cached.setSessionCacheSize(4);
        return JmsComponent.jmsComponent(cached);
    }
}
