package io.inkstone.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A note as its YAML front matter (Obsidian "properties") and its Markdown body: the one type that both reads a note
 * ({@link #parse}) and writes one ({@link #text}). Values are written with snakeyaml-engine, so titles with colons,
 * quotes, Chinese or emoji read back exactly as they were.
 *
 * @param properties the parsed front matter; empty when the note has none
 * @param body       the Markdown after the front matter
 * @param bodyLine   1-based line in the note where {@code body} starts
 */
public record FrontMatter(Map<String, Object> properties, String body, int bodyLine) {

    public FrontMatter {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A note to be written: these properties (in this order) above this body. */
    public static FrontMatter of(Map<String, Object> properties, String body) {
        return new FrontMatter(properties, body, properties.isEmpty() ? 1 : 3 + lines(properties));
    }

    /** This note with one more property (or a new value for it), added at the end. */
    public FrontMatter with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(properties);
        more.put(key, value);
        return of(more, body);
    }

    /** This note with {@code more} appended to its body. */
    public FrontMatter append(String more) {
        return new FrontMatter(properties, body + more, bodyLine);
    }

    /**
     * The note's text: {@code ---}, the properties as block YAML, {@code ---}, an empty line, then the body (no front
     * matter block when there are no properties). {@link #parse} reads back the same properties, and the body after
     * the empty line.
     */
    public String text() {
        if (properties.isEmpty()) return body;
        return yaml(properties) + "\n" + body;
    }

    /** {@code ---\n<yaml>---\n} for the given properties. */
    static String yaml(Map<String, Object> properties) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setSplitLines(false)
                .build();
        return "---\n" + new Dump(settings).dumpToString(properties) + "---\n";
    }

    private static int lines(Map<String, Object> properties) {
        return (int) yaml(properties).chars().filter(c -> c == '\n').count() - 1;
    }

    /**
     * Splits a note. Front matter is a {@code ---} first line, YAML, and a closing {@code ---} (or {@code ...}) line.
     *
     * @throws FrontMatterException when the YAML is invalid or is not a mapping (positions are in the note)
     */
    public static FrontMatter parse(String note) {
        String text = note.startsWith("\uFEFF") ? note.substring(1) : note;
        if (!(text.startsWith("---\n") || text.startsWith("---\r\n"))) return new FrontMatter(Map.of(), text, 1);
        int yamlStart = text.indexOf('\n') + 1;
        int lineStart = yamlStart;
        int line = 2;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            String current = (lineEnd < 0 ? text.substring(lineStart) : text.substring(lineStart, lineEnd)).stripTrailing();
            if (current.equals("---") || current.equals("...")) {
                String yaml = text.substring(yamlStart, lineStart);
                String body = lineEnd < 0 ? "" : text.substring(lineEnd + 1);
                return new FrontMatter(load(yaml), body, line + 1);
            }
            if (lineEnd < 0) break;
            lineStart = lineEnd + 1;
            line++;
        }
        throw new FrontMatterException(1, 1,
                "front matter starts with '---' but has no closing '---' line; add one after the properties", null);
    }

    private static Map<String, Object> load(String yaml) {
        if (yaml.isBlank()) return Map.of();
        Object loaded;
        try {
            loaded = new Load(LoadSettings.builder().setLabel("front matter").build()).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            int line = mark == null ? 2 : mark.getLine() + 2; // +1 for 1-based, +1 for the opening '---' line
            int column = mark == null ? 1 : mark.getColumn() + 1;
            throw new FrontMatterException(line, column, "front matter is not valid YAML: "
                    + e.getProblem() + "; fix the properties block at the top of the note", e);
        } catch (YamlEngineException e) {
            throw new FrontMatterException(2, 1, "front matter is not valid YAML: " + e.getMessage(), e);
        }
        if (loaded == null) return Map.of();
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new FrontMatterException(2, 1,
                    "front matter must be key: value properties, found a " + loaded.getClass().getSimpleName(), null);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        map.forEach((key, value) -> properties.put(String.valueOf(key), value));
        return properties;
    }
}
