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

/** Loading built-in and user templates, and located errors in broken ones. */
class TemplateLibraryTest {

    @TempDir
    Path folder;

    @Test
    void should_ship_the_four_built_ins_from_the_classpath() {
        TemplateLibrary library = TemplateLibrary.builtIn();
        assertThat(library.names()).containsExactly("few-shot", "outline", "role-task-requirement", "section");
        assertThat(library.get("outline").source()).isEqualTo("classpath:templates/outline.md");
        assertThat(library.get("section").variables()).contains("sectionHeading", "sectionBudget", "previousTail", "summary");
        assertThat(library.names()).containsExactlyInAnyOrderElementsOf(BuiltInTemplate.names());
    }

    /** Words inside Pebble tags that are syntax, tests or filters, not variables. */
    private static final java.util.Set<String> PEBBLE_WORDS = java.util.Set.of("if", "elseif", "else", "endif", "for", "in",
            "endfor", "set", "is", "not", "empty", "null", "and", "or", "defined", "true", "false", "loop", "odd", "even");

    @Test
    void should_use_in_every_built_in_only_variables_it_declares_or_sets_itself() throws IOException {
        java.util.regex.Pattern tag = java.util.regex.Pattern.compile("\\{\\{(.*?)}}|\\{%(.*?)%}", java.util.regex.Pattern.DOTALL);
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("(?<![.|\\w])\\s*([A-Za-z_]\\w*)");
        for (String name : BuiltInTemplate.names()) {
            String text = Files.readString(Path.of("templates", name + ".md"));
            String body = text.substring(text.indexOf("\n---", 3));
            java.util.Set<String> known = new java.util.HashSet<>(TemplateLibrary.builtIn().get(name).variables());
            java.util.regex.Matcher locals = java.util.regex.Pattern.compile("\\{%\\s*(?:set|for)\\s+(\\w+)").matcher(body);
            while (locals.find()) known.add(locals.group(1));
            if (name.equals("few-shot")) known.add("example"); // set per example in its example-user/-assistant sections
            java.util.regex.Matcher tags = tag.matcher(body);
            while (tags.find()) {
                String inside = (tags.group(1) != null ? tags.group(1) : tags.group(2)).replaceAll("\"[^\"]*\"|'[^']*'", "\"\"");
                inside = inside.replaceAll("\\|\\s*\\w+", "|"); // filters
                java.util.regex.Matcher words = word.matcher(inside);
                while (words.find()) {
                    String used = words.group(1);
                    if (PEBBLE_WORDS.contains(used)) continue;
                    assertThat(known).as(name + ".md uses `" + used + "` in " + tags.group()).contains(used);
                }
            }
        }
    }

    @Test
    void should_keep_the_project_templates_folder_identical_to_the_bundled_built_ins() throws IOException {
        Path projectTemplates = Path.of(System.getProperty("inkstone.project.dir", "."), "templates");
        for (String name : TemplateLibrary.BUILT_IN_NAMES) {
            try (var in = getClass().getClassLoader().getResourceAsStream("templates/" + name + ".md")) {
                assertThat(in).as(name).isNotNull();
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(projectTemplates.resolve(name + ".md")));
            }
        }
    }

    @Test
    void should_let_a_user_template_replace_a_built_in_and_add_new_ones() throws IOException {
        Files.writeString(folder.resolve("role-task-requirement.md"), """
                ---
                name: role-task-requirement
                description: my own default
                types: [post, article]
                variables: [title]
                ---
                ## user
                Write "{{ title }}".
                """);
        Files.writeString(folder.resolve("haiku.md"), """
                ---
                name: haiku
                description: a haiku
                types: [poem]
                ---
                Notes for people reading this file; not sent.
                ## system
                You write haiku.
                ## user
                {{ title }}
                """);
        Files.writeString(folder.resolve("README.md"), "# My templates\n");
        Files.writeString(folder.resolve("notes.txt"), "not a template");

        TemplateLibrary library = TemplateLibrary.load(folder);

        assertThat(library.names()).containsExactly("few-shot", "haiku", "outline", "role-task-requirement", "section");
        PromptTemplate mine = library.get("role-task-requirement");
        assertThat(mine.source()).isEqualTo(folder.resolve("role-task-requirement.md").toString());
        assertThat(mine.suits(io.inkstone.brief.BriefType.POST)).isTrue();
        assertThat(mine.suits(io.inkstone.brief.BriefType.STORY)).isFalse();
        assertThat(new PromptBuilder(library).forBrief(Briefs.enPost()))
                .containsExactly(ChatMessage.user("Write \"Why run language models locally\"."));
        assertThat(new PromptBuilder(library).expand("haiku", Briefs.enPost(), Map.of()))
                .containsExactly(ChatMessage.system("You write haiku."), ChatMessage.user("Why run language models locally"));
    }

    @Test
    void should_list_the_available_names_for_an_unknown_one() throws IOException {
        Files.writeString(folder.resolve("haiku.md"), "---\nname: haiku\ndescription: d\ntypes: [any]\n---\n## user\nx\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder).get("sonet"))
                .isInstanceOf(UnknownTemplateException.class)
                .hasMessage("unknown template 'sonet'; available templates: few-shot, haiku, outline,"
                        + " role-task-requirement, section (to add one, put sonet.md in your templates folder;"
                        + " see docs/TEMPLATES.md)");
    }

    @Test
    void should_locate_a_yaml_error_with_line_and_column() throws IOException {
        Path file = folder.resolve("broken.md");
        Files.writeString(file, "---\nname: broken\ndescription: [unclosed\ntypes: [any]\n---\n## user\nx\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .satisfies(e -> {
                    TemplateProblem problem = ((TemplateException) e).problems().getFirst();
                    assertThat(problem.source()).isEqualTo(file.toString());
                    assertThat(problem.line()).isBetween(3, 5);
                    assertThat(problem.column()).isPositive();
                    assertThat(problem.message()).startsWith("front matter is not valid YAML");
                });
    }

    @Test
    void should_report_every_front_matter_problem_of_every_file() throws IOException {
        Path a = folder.resolve("a.md");
        Files.writeString(a, """
                ---
                name: not-a
                descripton: typo
                types: [story, novel]
                variables: [title, 2bad]
                ---
                ## user
                x
                """);
        Path b = folder.resolve("b.md");
        Files.writeString(b, "no front matter\n## user\nx\n");

        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).extracting(TemplateProblem::format)
                        .containsExactly(
                                a + ":3:1: unknown front-matter key 'descripton' (allowed: name, description, types, variables)",
                                a + ":4:16: unknown brief type 'novel' (use any, or some of: article, essay, letter, other,"
                                        + " poem, post, report, review, script, speech, story, tutorial)",
                                a + ":5:20: '2bad' is not a variable name (letters, digits and _)",
                                a + ":2:1: the front matter needs 'description'",
                                a + ":2:7: name 'not-a' does not match the file name 'a.md' (rename one of them)",
                                b + ":1:1: a template starts with YAML front matter between '---' lines (name, description,"
                                        + " types, variables); see docs/TEMPLATES.md"));
    }

    @Test
    void should_locate_body_problems() throws IOException {
        Path file = folder.resolve("body.md");
        Files.writeString(file, """
                ---
                name: body
                description: d
                types: [any]
                ---
                ## system
                ok
                ## example-user
                {{ example.input }}
                ## user
                {% if title %}
                unclosed
                """);
        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .satisfies(e -> assertThat(((TemplateException) e).problems()).extracting(TemplateProblem::format)
                        .containsExactly(
                                file + ":8:1: '## example-user' must be followed directly by '## example-assistant'",
                                file + ":13: Unexpected end of template. Pebble was looking for the \"endif\" tag"));
    }

    @Test
    void should_require_a_user_section() throws IOException {
        Path file = folder.resolve("mute.md");
        Files.writeString(file, "---\nname: mute\ndescription: d\ntypes: [any]\n---\n## system\nonly a system message\n");
        assertThatThrownBy(() -> TemplateLibrary.load(folder))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(file + ":6:1: the template has no '## user' section");
    }

    @Test
    void should_say_when_the_folder_is_missing() {
        Path missing = folder.resolve("nope");
        assertThatThrownBy(() -> TemplateLibrary.load(missing))
                .isInstanceOf(TemplateException.class)
                .hasMessage(missing + ": the templates folder does not exist (create it, or point -Dinkstone.templates at one)");
    }

    @Test
    void should_drop_sections_that_render_empty_and_strip_messages() throws IOException {
        Files.writeString(folder.resolve("optional.md"), """
                ---
                name: optional
                description: d
                types: [any]
                variables: [audience]
                ---
                ## system
                {% if audience %}
                Readers: {{ audience }}
                {% endif %}
                ## user

                  {{ title }}

                """);
        List<ChatMessage> messages = new PromptBuilder(TemplateLibrary.load(folder)).expand("optional", Briefs.enPost(), Map.of());
        assertThat(messages).containsExactly(ChatMessage.user("Why run language models locally"));
    }
}
