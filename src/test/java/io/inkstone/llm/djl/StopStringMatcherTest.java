package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopStringMatcherTest {

    @Test
    void should_hold_back_only_a_possible_stop_prefix() {
        StopStringMatcher m = new StopStringMatcher(List.of("\n\n---", "END"));
        assertThat(m.push("Hello")).isEqualTo("Hello");
        assertThat(m.push(" world\n")).isEqualTo(" world"); // "\n" may start "\n\n---"
        assertThat(m.push("\n-")).isEmpty();
        assertThat(m.push("x")).isEqualTo("\n\n-x");          // it did not become a stop string
        assertThat(m.push(" E")).isEqualTo(" ");
        assertThat(m.push("N")).isEmpty();
        assertThat(m.stopped()).isFalse();
        assertThat(m.flush()).isEqualTo("EN");
    }

    @Test
    void should_stop_across_deltas_and_never_emit_the_stop_string_or_what_follows() {
        StopStringMatcher m = new StopStringMatcher(List.of("<|user|>"));
        StringBuilder out = new StringBuilder();
        for (String delta : List.of("The answer", " is 4.<|", "us", "er|> and more", "text")) out.append(m.push(delta));
        assertThat(out.toString()).isEqualTo("The answer is 4.");
        assertThat(m.stopped()).isTrue();
        assertThat(m.matchedStopString()).isEqualTo("<|user|>");
        assertThat(m.flush()).isEmpty();
    }

    @Test
    void should_stop_at_the_earliest_of_several_stop_strings_in_one_delta() {
        StopStringMatcher m = new StopStringMatcher(List.of("BB", "A"));
        assertThat(m.push("xxBBxAx")).isEqualTo("xx");
        assertThat(m.matchedStopString()).isEqualTo("BB");
    }

    @Test
    void should_pass_everything_through_without_stop_strings() {
        StopStringMatcher m = new StopStringMatcher(List.of(""));
        assertThat(m.push("abc")).isEqualTo("abc");
        assertThat(m.flush()).isEmpty();
        assertThat(m.stopped()).isFalse();
    }
}
