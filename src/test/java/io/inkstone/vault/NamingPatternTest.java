package io.inkstone.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class NamingPatternTest {

    static final LocalDateTime AT = LocalDateTime.of(2025, 11, 29, 7, 5, 9);

    @Test
    void should_expand_every_token() {
        assertThat(new NamingPattern("{date} {time} {type} {id} {title}").stem("Spring", "spring-1", "essay", AT))
                .isEqualTo("2025-11-29 0705 essay spring-1 Spring");
        assertThat(NamingPattern.DEFAULT.stem("Spring", "s", "essay", AT)).isEqualTo("2025-11-29 Spring");
    }

    @Test
    void should_fall_back_to_the_id_when_the_title_has_nothing_usable() {
        assertThat(NamingPattern.DEFAULT.stem("../..", "spring-1", "essay", AT)).isEqualTo("2025-11-29 spring-1");
        assertThat(new NamingPattern("{title}").stem("CON", "c", "essay", AT)).isEqualTo("CON_");
    }

    @Test
    void should_reject_unknown_tokens_and_patterns_without_a_name() {
        assertThatThrownBy(() -> new NamingPattern("{date} {name}"))
                .hasMessageContaining("unknown token {name}").hasMessageContaining("{title}");
        assertThatThrownBy(() -> new NamingPattern("{date}")).hasMessageContaining("needs {title} or {id}");
        assertThatThrownBy(() -> new NamingPattern(" ")).hasMessageContaining("empty");
    }
}
