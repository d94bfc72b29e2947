package io.inkstone.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one front-matter type: what it writes, it reads back. */
class FrontMatterTest {

    @Test
    void should_read_back_the_properties_it_writes_with_their_types_and_the_body() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", "春天: \"序曲\" — 第一章 🌸");
        properties.put("tags", List.of("写作/散文", "season"));
        properties.put("length_target", 3000);
        properties.put("tokens_per_second", 12.4);
        properties.put("draft", true);
        FrontMatter written = FrontMatter.of(properties, "# 春天\n\n正文。\n").with("exports", Map.of("pdf", "openhtmltopdf"));

        FrontMatter read = FrontMatter.parse(written.text());

        assertThat(read.properties()).containsExactlyEntriesOf(written.properties());
        assertThat(read.body()).isEqualTo("\n# 春天\n\n正文。\n");
        assertThat(read.bodyLine()).as("the read body starts with the empty line").isEqualTo(written.bodyLine() - 1);
        assertThat(written.text().lines().skip(written.bodyLine() - 1).findFirst()).hasValue("# 春天");
    }

    @Test
    void should_write_a_note_without_properties_as_its_body_alone() {
        assertThat(FrontMatter.of(Map.of(), "# Plain\n").text()).isEqualTo("# Plain\n");
        assertThat(FrontMatter.parse("# Plain\n").properties()).isEmpty();
    }
}
