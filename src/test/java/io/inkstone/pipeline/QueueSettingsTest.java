package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueSettingsTest {

    @TempDir
    Path dir;

    @Test
    void should_take_the_environment_over_the_settings_file_and_never_show_the_password() {
        QueueSettings s = QueueSettings.of("tcp://file-host:61616", "file-user", "file-secret", "team", 4, name -> switch (name) {
            case "INKSTONE_BROKER_URL" -> "failover:(ssl://a:61617?password=url-secret,ssl://b:61617)";
            case "INKSTONE_BROKER_PASSWORD" -> "env-secret";
            default -> null;
        });
        assertThat(s.url()).startsWith("failover:(ssl://a");
        assertThat(s.user()).isEqualTo("file-user");
        assertThat(s.password()).isEqualTo("env-secret");
        assertThat(s.briefsQueue()).isEqualTo("team.briefs");
        assertThat(s.deadLetterQueue()).isEqualTo("DLQ.team.briefs");
        assertThat(s.toString()).doesNotContain("env-secret", "url-secret").contains("***");
        assertThat(new QueueSettings("tcp://u:pw@host:61616", "", "", "", 3, "", "", "", "").redactedUrl())
                .isEqualTo("tcp://***@host:61616");
    }

    @Test
    void should_wrap_a_single_address_in_failover_and_leave_the_rest_alone() {
        QueueSettings s = new QueueSettings("tcp://desk:61616", "", "", "inkstone", 3, "", "", "", "");
        assertThat(s.clientUrl()).startsWith("failover:(tcp://desk:61616)?");
        assertThat(s.withUrl("vm://local").clientUrl()).isEqualTo("vm://local");
        assertThat(s.withUrl("failover:(tcp://a:1,tcp://b:1)").clientUrl()).isEqualTo("failover:(tcp://a:1,tcp://b:1)");
        assertThat(s.connectionFactory("x").getRedeliveryPolicy().getMaximumRedeliveries()).isEqualTo(3);
        assertThat(s.connectionFactory("x").getPrefetchPolicy().getQueuePrefetch()).isZero();
    }

    @Test
    void should_read_broker_settings_and_refuse_bad_ones() throws Exception {
        Path file = Files.writeString(dir.resolve("inkstone.properties"),
                "inkstone.broker.url=tcp://desk:61616\ninkstone.broker.maxAttempts=5\ninkstone.broker.queuePrefix=nightly\n");
        QueueSettings s = PipelineSettings.load(file, Map.of()).broker();
        assertThat(s.enabled()).isEqualTo(true);
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.resultsQueue()).isEqualTo("nightly.results");
        Files.writeString(file, "inkstone.broker.queuePrefix=bad prefix!\n");
        assertThatThrownBy(() -> PipelineSettings.load(file, Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageContaining("queuePrefix");
    }
}
