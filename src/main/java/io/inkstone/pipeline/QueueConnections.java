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
        // no consumer caching in the listener container: with a transaction manager each transaction must receive on
        // the session it commits (a consumer kept from an earlier transaction's session takes messages into a
        // transaction nobody commits; measured: briefs stuck until the broker restarted). The caching connection
        // factory below keeps sessions and consumers warm instead.
        return JmsComponent.jmsComponentTransacted(cached, new JmsTransactionManager(cached));
    }

    /** A component outside any transaction (its own connection): publishing briefs, progress notices. */
    static JmsComponent plain(ConnectionFactory broker) {
        CachingConnectionFactory cached = new CachingConnectionFactory(broker);
        cached.setSessionCacheSize(4);
        return JmsComponent.jmsComponent(cached);
    }
}
