package io.inkstone.prompt;

import io.inkstone.brief.BriefType;
import io.inkstone.prompt.PromptTemplate.DeclaredVariable;
import io.inkstone.prompt.PromptTemplate.Section;
import io.inkstone.prompt.PromptTemplate.SectionKind;
import io.pebbletemplates.pebble.error.PebbleException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a template file: YAML front matter between {@code ---} lines (parsed with snakeyaml-engine, so errors
 * carry line and column), then a Markdown body whose {@code ## system}, {@code ## user}, {@code ## assistant},
 * {@code ## example-user} and {@code ## example-assistant} headings start message sections; each section is a
 * Pebble template. Text before the first section heading is documentation and is not sent. All problems of a
 * file are collected and thrown together.
 */
final class TemplateFileParser {

    private static final Pattern SECTION_HEADING = Pattern.compile("^##[ \\t]+([A-Za-z-]+)[ \\t]*$");
    private static final Set<String> FRONT_MATTER_KEYS = Set.of("name", "description", "types", "variables");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final PebbleSandbox sandbox;

    TemplateFileParser(PebbleSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Parses one template file.
     *
     * @param text         the file's text
     * @param source       the file, for messages
     * @param expectedName the name the file gives it (its name without {@code .md})
     * @throws TemplateException listing every problem found
     */
    PromptTemplate parse(String text, String source, String expectedName) {
        FileState file = new FileState(source);
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = normalized.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);

        if (lines.length == 0 || !isFence(lines[0])) {
            file.problem(1, 1, "a template starts with YAML front matter between '---' lines"
                    + " (name, description, types, variables); see docs/TEMPLATES.md");
            throw file.exception();
        }
        int closing = -1;
        for (int index = 1; index < lines.length; index++) {
            if (isFence(lines[index]) || lines[index].stripTrailing().equals("...")) {
                closing = index;
                break;
            }
        }
        if (closing < 0) {
            file.problem(1, 1, "the front matter is not closed: add a line '---' after it");
            throw file.exception();
        }

        FrontMatter frontMatter = parseFrontMatter(String.join("\n", Arrays.asList(lines).subList(1, closing)), file);
        if (frontMatter.name != null && !frontMatter.name.equals(expectedName)) {
            file.problem(frontMatter.nameLine, frontMatter.nameColumn, "name '" + frontMatter.name
                    + "' does not match the file name '" + expectedName + ".md' (rename one of them)");
        }
        List<Section> sections = parseSections(lines, closing + 1, file);
        if (!file.problems.isEmpty()) throw file.exception();
        return new PromptTemplate(expectedName, frontMatter.description, frontMatter.types, frontMatter.variables,
                source, sections, sandbox);
    }

    private static boolean isFence(String line) {
        return line.stripTrailing().equals("---");
    }

    // ---- front matter ----

    private static final class FrontMatter {
        String name;
        int nameLine;
        int nameColumn;
        String description;
        List<String> types = List.of();
        List<DeclaredVariable> variables = List.of();
    }

    /** The front matter text starts on file line 2. */
    private static final int FRONT_MATTER_FIRST_LINE = 2;

    private FrontMatter parseFrontMatter(String yaml, FileState file) {
        FrontMatter result = new FrontMatter();
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file.source).build()).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            file.problem(mark == null ? 1 : mark.getLine() + FRONT_MATTER_FIRST_LINE, mark == null ? 0 : mark.getColumn() + 1,
                    "front matter is not valid YAML: " + e.getProblem());
            return result;
        } catch (YamlEngineException e) {
            file.problem(1, 0, "front matter is not valid YAML: " + e.getMessage());
            return result;
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode mapping)) {
            file.problem(FRONT_MATTER_FIRST_LINE, 1, "the front matter must be a mapping with name, description, types"
                    + " and variables");
            return result;
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple entry : mapping.getValue()) {
            Node keyNode = entry.getKeyNode();
            Node valueNode = entry.getValueNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || !FRONT_MATTER_KEYS.contains(key)) {
                file.problem(keyNode, "unknown front-matter key" + (key == null ? "" : " '" + key + "'")
                        + " (allowed: name, description, types, variables)");
                continue;
            }
            if (!seen.add(key)) {
                file.problem(keyNode, "'" + key + "' is given twice");
                continue;
            }
            switch (key) {
                case "name" -> {
                    result.name = scalarText(valueNode, key, file);
                    result.nameLine = lineOf(valueNode);
                    result.nameColumn = columnOf(valueNode);
                }
                case "description" -> result.description = scalarText(valueNode, key, file);
                case "types" -> result.types = types(valueNode, file);
                case "variables" -> result.variables = variables(valueNode, file);
                default -> throw new IllegalStateException(key);
            }
        }
        for (String required : List.of("name", "description", "types")) {
            if (!seen.contains(required)) {
                file.problem(mapping, "the front matter needs '" + required + "'");
            }
        }
        return result;
    }

    private static String scalarText(Node node, String key, FileState file) {
        if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
            return scalar.getValue().strip();
        }
        file.problem(node, "'" + key + "' must be a non-empty text");
        return null;
    }

    private static List<ScalarNode> scalarList(Node node, String key, String what, FileState file) {
        if (!(node instanceof SequenceNode sequence)) {
            file.problem(node, "'" + key + "' must be a list, e.g. " + what);
            return List.of();
        }
        List<ScalarNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !scalar.getValue().isBlank()) {
                items.add(scalar);
            } else {
                file.problem(item, "each entry of '" + key + "' must be a plain word");
            }
        }
        return items;
    }

    private static List<String> types(Node node, FileState file) {
        Set<String> allowed = Arrays.stream(BriefType.values()).map(BriefType::yamlName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> types = new ArrayList<>();
        List<ScalarNode> items = scalarList(node, "types", "[story, article] or [any]", file);
        for (ScalarNode item : items) {
            String type = item.getValue().strip().toLowerCase(Locale.ROOT);
            if (!type.equals(PromptTemplate.ANY_TYPE) && !allowed.contains(type)) {
                file.problem(item, "unknown brief type '" + item.getValue() + "' (use any, or some of: "
                        + String.join(", ", allowed) + ")");
            } else {
                types.add(type);
            }
        }
        if (items.isEmpty() && node instanceof SequenceNode) {
            file.problem(node, "'types' must list at least one brief type, or [any]");
        }
        return types;
    }

    private static List<DeclaredVariable> variables(Node node, FileState file) {
        List<DeclaredVariable> variables = new ArrayList<>();
        for (ScalarNode item : scalarList(node, "variables", "[title, task, sectionCount]", file)) {
            String name = item.getValue().strip();
            if (!VARIABLE_NAME.matcher(name).matches()) {
                file.problem(item, "'" + name + "' is not a variable name (letters, digits and _)");
            } else {
                variables.add(new DeclaredVariable(name, lineOf(item), columnOf(item)));
            }
        }
        return variables;
    }

    private static int lineOf(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + FRONT_MATTER_FIRST_LINE).orElse(FRONT_MATTER_FIRST_LINE);
    }

    private static int columnOf(Node node) {
        return node.getStartMark().map(mark -> mark.getColumn() + 1).orElse(0);
    }

    // ---- body ----

    private List<Section> parseSections(String[] lines, int firstBodyIndex, FileState file) {
        record Heading(SectionKind kind, int index) {}
        List<Heading> headings = new ArrayList<>();
        for (int index = firstBodyIndex; index < lines.length; index++) {
            Matcher matcher = SECTION_HEADING.matcher(lines[index]);
            if (!matcher.matches()) continue;
            String word = matcher.group(1).toLowerCase(Locale.ROOT);
            for (SectionKind kind : SectionKind.values()) {
                if (kind.heading.equals(word)) headings.add(new Heading(kind, index));
            }
        }
        if (headings.stream().noneMatch(h -> h.kind() == SectionKind.USER)) {
            file.problem(firstBodyIndex + 1, 1, "the template has no '## user' section; message sections start with"
                    + " the headings ## system, ## user, ## assistant, ## example-user, ## example-assistant");
        }

        List<Section> sections = new ArrayList<>();
        boolean sawExamples = false;
        for (int h = 0; h < headings.size(); h++) {
            Heading heading = headings.get(h);
            int headingLine = heading.index() + 1;
            Heading next = h + 1 < headings.size() ? headings.get(h + 1) : null;
            Heading previous = h > 0 ? headings.get(h - 1) : null;
            if (heading.kind() == SectionKind.EXAMPLE_USER) {
                if (sawExamples) {
                    file.problem(headingLine, 1, "only one '## example-user' / '## example-assistant' pair is allowed"
                            + " (it is repeated for every example)");
                }
                sawExamples = true;
                if (next == null || next.kind() != SectionKind.EXAMPLE_ASSISTANT) {
                    file.problem(headingLine, 1, "'## example-user' must be followed directly by '## example-assistant'");
                }
            }
            if (heading.kind() == SectionKind.EXAMPLE_ASSISTANT
                    && (previous == null || previous.kind() != SectionKind.EXAMPLE_USER)) {
                file.problem(headingLine, 1, "'## example-assistant' must come directly after '## example-user'");
            }
            int end = next == null ? lines.length : next.index();
            String text = String.join("\n", Arrays.asList(lines).subList(heading.index() + 1, end));
            try {
                sections.add(new Section(heading.kind(), headingLine,
                        sandbox.compile(file.source + "#" + headingLine, text)));
            } catch (PebbleException e) {
                int line = PebbleSandbox.lineOf(e);
                file.problem(line > 0 ? headingLine + line : headingLine, 0,
                        e.getPebbleMessage() == null ? e.getMessage() : e.getPebbleMessage());
            }
        }
        return sections;
    }

    /** The problems found so far in one file. */
    private static final class FileState {
        final String source;
        final List<TemplateProblem> problems = new ArrayList<>();

        FileState(String source) {
            this.source = source;
        }

        void problem(int line, int column, String message) {
            problems.add(new TemplateProblem(source, line, column, message));
        }

        void problem(Node node, String message) {
            problem(lineOf(node), columnOf(node), message);
        }

        TemplateException exception() {
            return new TemplateException(problems);
        }
    }
}
