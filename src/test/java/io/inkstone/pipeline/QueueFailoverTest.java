package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's transacted consume-and-reply across a broker restart, in one JVM and without a model: the worker holds a
 * brief (its transaction open) while the broker is stopped and started again with briefs still queued; every brief
 * must still come back as a result.
 */
class QueueFailoverTest {

    @TempDir
    Path root;

    @Test
    void should_return_every_brief_when_the_broker_restarts_while_a_worker_holds_one() throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", 0, "", "");
        int port = broker.port();
        QueueSettings queue = new QueueSettings(broker.uri().toString(), "", "", "t", 3, "", "", "", "");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean held = new AtomicBoolean();
        DefaultCamelContext worker = new DefaultCamelContext();
        DefaultCamelContext other = new DefaultCamelContext(); // a second, idle worker competing for the briefs
        try {
            worker.getRegistry().bind(QueueConnections.TRANSACTED, QueueConnections.transacted(queue.connectionFactory("w")));
            other.getRegistry().bind(QueueConnections.TRANSACTED, QueueConnections.transacted(queue.connectionFactory("o")));
            for (DefaultCamelContext camel : List.of(worker, other)) camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(QueueConnections.TRANSACTED + ":queue:" + queue.briefsQueue() + "?concurrentConsumers=1&receiveTimeout=1000")
                            .process(e -> {
                                if (e.getMessage().getBody(String.class).equals("held") && held.compareAndSet(false, true)) {
                                    holding.countDown(); // a worker busy writing
                                    release.await(60, TimeUnit.SECONDS);
                                }
                            })
                            .to(QueueConnections.TRANSACTED + ":queue:" + queue.resultsQueue() + "?deliveryPersistent=true");
                }
            });
            worker.start();
            send(queue, List.of("held"));
            assertThat(holding.await(60, TimeUnit.SECONDS)).as("the worker took the first brief").isTrue();
            other.start();
            List<String> briefs = List.of("held", "b1", "b2", "b3", "b4", "b5", "b6");
            send(queue, briefs.subList(1, briefs.size()));

            broker.close(); // the worker's transaction is in flight, three briefs wait in the queue
            broker = EmbeddedBroker.start(root.resolve("broker"), "127.0.0.1", port, "", "");
            Thread.sleep(3000); // the worker's client reconnects (failover) while it still holds its brief
            release.countDown();

            assertThat(receive(queue, briefs.size(), Duration.ofSeconds(60))).as("every brief's result")
                    .containsExactlyInAnyOrderElementsOf(briefs);
        } finally {
            release.countDown();
            other.stop();
            worker.stop();
            broker.close();
        }
    }

    private static void send(QueueSettings queue, List<String> bodies) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(queue.url()).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue.briefsQueue()));
            for (String body : bodies) p.send(s.createTextMessage(body));
        }
    }

    /** The distinct result bodies seen until {@code n} arrived or the time ran out. */
    private static Set<String> receive(QueueSettings queue, int n, Duration limit) throws Exception {
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + limit.toNanos();
        try (Connection c = new ActiveMQConnectionFactory(queue.url()).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue.resultsQueue()));
            while (seen.size() < n && System.nanoTime() < end) {
                if (consumer.receive(500) instanceof TextMessage m) seen.add(m.getText());
            }
        }
        return seen;
    }
}
