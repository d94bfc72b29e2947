package io.inkstone.prompt;

import io.inkstone.llm.ChatMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or careless user templates cannot reach Java, files or the network, and fail with file and line. */
class TemplateSandboxTest {

    @TempDir
    Path folder;

    private Path write(String name, String userSection) throws IOException {
        Path file = folder.resolve(name + ".md");
        Files.writeString(file, "---\nname: " + name + "\ndescription: test\ntypes: [any]\n---\n\n## user\n\n" + userSection);
        return file;
    }

    /** The "## user" heading is on line 7; the section text starts on line 8, its first text line is line 9. */
    private List<ChatMessage> expand(String name) {
        return new PromptBuilder(TemplateLibrary.load(folder)).expand(name, Briefs.enPost(), Map.of());
    }

    @Test
    void should_refuse_a_method_call_naming_the_file_and_line() throws IOException {
        Path file = write("get-class", "Title: {{ title }}\n{{ title.getClass() }}\n");
        assertThatThrownBy(() -> expand("get-class"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(file + ":10: templates cannot call Java methods or reach Java objects");
    }

    @Test
    void should_refuse_reflection_through_the_class_attribute() throws IOException {
        Path file = write("for-name", "{{ title.class.forName('java.lang.Runtime') }}\n");
        assertThatThrownBy(() -> expand("for-name"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(file + ":9: templates cannot call Java methods");
    }

    @Test
    void should_refuse_map_and_list_methods() throws IOException {
        write("map-method", "{{ length.getClass() }}\n");
        write("list-method", "{{ requirements.add('x') }}\n");
        assertThatThrownBy(() -> expand("map-method")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("cannot call Java methods");
        assertThatThrownBy(() -> expand("list-method")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("cannot call Java methods");
    }

    @Test
    void should_not_know_include_so_no_file_is_read() throws IOException {
        Path file = write("passwd", "a\n{% include '/etc/passwd' %}\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(file + ":10: Unexpected tag name \"include\"");
    }

    @Test
    void should_not_know_import_extends_or_i18n() throws IOException {
        write("imports", "{% import '/etc/hosts' %}\n");
        write("extends", "{% extends 'file:///etc/hosts' %}\n");
        write("bundle", "{{ i18n('messages', 'key') }}\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("imports.md:9: Unexpected tag name \"import\"")
                .hasMessageContaining("extends.md:9: Unexpected tag name \"extends\"");
        Files.delete(folder.resolve("imports.md"));
        Files.delete(folder.resolve("extends.md"));
        assertThatThrownBy(() -> expand("bundle")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("bundle.md:9: Function or Macro [i18n] does not exist");
    }

    @Test
    void should_report_an_unknown_variable_instead_of_printing_nothing() throws IOException {
        Path file = write("typo", "Task: {{ task }}\nAudience: {{ audiance }}\n");
        assertThatThrownBy(() -> expand("typo"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(file + ":10: Root attribute [audiance] does not exist");
    }

    @Test
    void should_stop_a_runaway_loop() throws IOException {
        write("loop", "{% for a in items %}{% for b in items %}xx{% endfor %}{% endfor %}\n");
        Map<String, Object> items = Map.of("items", java.util.Collections.nCopies(1100, 1));
        PromptBuilder builder = new PromptBuilder(TemplateLibrary.load(folder));
        assertThatThrownBy(() -> builder.expand("loop", Briefs.enPost(), items)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("Tried to write more than " + PebbleSandbox.MAX_RENDERED_CHARS + " chars");
    }

    @Test
    void should_not_know_ranges_so_every_loop_is_bounded_by_the_data_given() throws IOException {
        write("range", "{% for i in range(1, 100000000) %}x{% endfor %}\n");
        write("dots", "{% for i in 1..100000000 %}x{% endfor %}\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("dots.md:9: Unexpected token");
        Files.delete(folder.resolve("dots.md"));
        assertThatThrownBy(() -> expand("range")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("range.md:9: Function or Macro [range] does not exist");
    }

    @Test
    void should_keep_set_from_leaking_into_the_next_render() throws IOException {
        write("setter", "{% set title = 'changed' %}{{ title }}\n");
        write("reader", "{{ title }}\n");
        PromptBuilder builder = new PromptBuilder(TemplateLibrary.load(folder));
        Map<String, Object> shared = new java.util.HashMap<>(Map.of("note", "n"));
        assertThat(builder.expand("setter", Briefs.enPost(), shared).getFirst().content()).isEqualTo("changed");
        assertThat(builder.expand("reader", Briefs.enPost(), shared).getFirst().content())
                .isEqualTo("Why run language models locally");
        assertThat(shared).containsOnlyKeys("note");
    }

    @Test
    void should_allow_loop_variables_and_plain_data_access() throws IOException {
        write("loops", "{% for r in ['a', 'b'] %}{{ loop.index }}{{ r }}{% if not loop.last %},{% endif %}{% endfor %}"
                + " {{ length.value }} {{ length['unit'] }} {{ requirements | length }}\n");
        assertThat(expand("loops").getFirst().content()).isEqualTo("0a,1b 800 words 0");
    }

    @Test
    void should_drop_lines_holding_only_tags_and_keep_line_numbers() {
        assertThat(PebbleSandbox.trimTagLines("{% if x %}\n  text\n  {% endif %}  \nend"))
                .isEqualTo("{% if x %}{#\n#}  text\n{% endif %}{#\n#}end");
        assertThat(PebbleSandbox.trimTagLines("a {{ b }}\n{# note #}\nc")).isEqualTo("a {{ b }}\n{# note #}{#\n#}c");
    }
}
