package io.inkstone.pipeline;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * What {@code inkstone status} shows about the broker: how many briefs wait in the queue for a worker, results
 * waiting for the desk, and briefs the broker gave up on. Counted by browsing the queues (any ActiveMQ works; no
 * management access needed).
 */
public final class QueueStatus {

    private QueueStatus() {}

    /** Lines for the terminal; a broker that cannot be reached is said so, not thrown. */
    public static String render(QueueSettings queue) {
        StringBuilder sb = new StringBuilder();
        sb.append("broker:      ").append(queue.redactedUrl()).append('\n');
        Map<String, String> depths = new LinkedHashMap<>();
        depths.put("waiting for a worker", queue.briefsQueue());
        depths.put("results to file", queue.resultsQueue());
        depths.put("given up (dead letters)", queue.deadLetterQueue());
        // no failover here: status answers at once, even when the broker is down
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(queue.url());
        if (!queue.user().isEmpty()) factory.setUserName(queue.user());
        if (!queue.password().isEmpty()) factory.setPassword(queue.password());
        try (Connection connection = factory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                for (Map.Entry<String, String> d : depths.entrySet()) {
                    sb.append(String.format(Locale.ROOT, "  %-24s %d  (%s)%n", d.getKey() + ":", count(session, d.getValue()), d.getValue()));
                }
            }
        } catch (JMSException e) {
            sb.append("  not reachable: ").append(e.getMessage() == null ? e.toString() : e.getMessage())
                    .append(" (start it with `inkstone broker`, or check inkstone.broker.url / INKSTONE_BROKER_URL)\n");
        }
        return sb.toString();
    }

    private static int count(Session session, String queueName) throws JMSException {
        int n = 0;
        try (QueueBrowser browser = session.createBrowser(session.createQueue(queueName))) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                messages.nextElement();
                n++;
            }
        }
        return n;
    }
}
