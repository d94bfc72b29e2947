package io.inkstone.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code inkstone.compose.*} settings: read by name, defaults kept, unknown names refused. */
class ComposeSettingsTest {

    @Test
    void should_read_the_settings_it_names_and_keep_the_defaults_of_the_others() {
        Properties p = new Properties();
        p.setProperty("inkstone.compose.maxContinuations", "1");
        p.setProperty("inkstone.compose.sectionLength", "500");
        p.setProperty("inkstone.other", "not ours");

        ComposeSettings settings = ComposeSettings.fromProperties(p);

        assertThat(settings.maxContinuations()).isEqualTo(1);
        assertThat(settings.sectionLength()).isEqualTo(500);
        assertThat(settings.maxSections()).isEqualTo(ComposeSettings.defaults().maxSections());
        assertThat(ComposeSettings.KEYS).contains("longFormThreshold", "loopMinCharacters").doesNotContain("parallelSections");
    }

    @Test
    void should_refuse_a_setting_it_does_not_have_instead_of_ignoring_it() {
        Properties p = new Properties();
        p.setProperty("inkstone.compose.parallelSections", "true");

        assertThatThrownBy(() -> ComposeSettings.fromProperties(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting inkstone.compose.parallelSections")
                .hasMessageContaining("maxContinuations");
    }
}
