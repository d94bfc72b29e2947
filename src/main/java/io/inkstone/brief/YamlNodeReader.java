package io.inkstone.brief;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads values out of a composed YAML tree with their places: text, lists, numbers and booleans of a map's entries,
 * each checked, every problem recorded as a located {@link BriefProblem} (reading goes on after a problem, so all of
 * them are reported at once). Knows nothing of briefs: the section readers and {@link BriefReader} say what to read.
 */
class YamlNodeReader {

    final Path file;
    private final StandardConstructor constructor;
    private final List<BriefProblem> problems = new ArrayList<>();

    YamlNodeReader(Path file, LoadSettings settings) {
        this.file = file;
        this.constructor = new StandardConstructor(settings);
    }

    /** Every problem found so far, in the order found. */
    List<BriefProblem> problems() {
        return problems;
    }

    Boolean bool(Map<String, NodeTuple> keys, String key, String label) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            report(node, "`" + label + "` must be `true` or `false`, found " + describe(node), null);
            return null;
        }
        return (Boolean) construct(scalar);
    }

    /**
     * The entries of a map, by key, for the allowed keys; reports unknown keys (with a suggestion), duplicates and keys
     * that are not plain words.
     */
    Map<String, NodeTuple> entries(MappingNode map, String section, List<String> allowed, Map<String, String> redirects) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        String prefix = section == null ? "" : section + ".";
        for (NodeTuple tuple : map.getValue()) {
            String key = keyText(tuple.getKeyNode(), section, seen);
            if (key == null) continue;
            if (allowed.contains(key)) {
                entries.put(key, tuple);
                continue;
            }
            String inSection = section == null ? "" : " in `" + section + "`";
            String redirect = redirects.get(key.toLowerCase(Locale.ROOT));
            String hint = redirect != null ? redirect
                    : Suggestions.nearest(key, allowed).map(n -> "did you mean `" + prefix + n + "`?")
                            .orElse((section == null ? "keys: " : "keys in `" + section + "`: ") + String.join(", ", allowed));
            report(tuple.getKeyNode(), "unknown key `" + Outcome.shown(key) + "`" + inSection, hint);
        }
        return entries;
    }

    /** A key's text; reports non-scalar keys and duplicates (recorded in {@code seen}); null when unusable. */
    String keyText(Node keyNode, String section, Map<String, Node> seen) {
        if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
            report(keyNode, "a key must be a plain word" + (section == null ? "" : " in `" + section + "`") + ", found " + describe(keyNode), null);
            return null;
        }
        String key = scalar.getValue();
        Node first = seen.putIfAbsent(key, keyNode);
        if (first != null) {
            report(keyNode, "`" + Outcome.shown(key) + "` is given twice" + (section == null ? "" : " in `" + section + "`")
                    + " (first on line " + line(first) + ")", "remove one of them");
            return null;
        }
        return key;
    }

    static Node value(Map<String, NodeTuple> keys, String key) {
        NodeTuple tuple = keys.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    String text(Map<String, NodeTuple> keys, String key, boolean singleLine) {
        return text(keys, key, singleLine, key);
    }

    /** The trimmed text of {@code key}'s value; null when absent, empty, or not text (then reported). */
    String text(Map<String, NodeTuple> keys, String key, boolean singleLine, String label) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        return scalarText(node, "`" + label + "`", "a string", singleLine);
    }

    /** The text of a scalar (numbers and true/false read as written); reports lists, maps, tags and control characters. */
    String scalarText(Node node, String label, String expected, boolean singleLine) {
        if (isNull(node)) return null;
        if (!(node instanceof ScalarNode scalar)) {
            report(node, label + " must be " + expected + ", found " + describe(node),
                    node instanceof MappingNode ? "text that contains `: ` must be put in quotes, or YAML reads it as `key: value`" : null);
            return null;
        }
        if (!isPlainScalar(scalar)) {
            report(node, label + " has an unsupported YAML tag `" + scalar.getTag() + "`", "remove the tag");
            return null;
        }
        return checkedText(scalar, label, singleLine);
    }

    String checkedText(ScalarNode scalar, String label, boolean singleLine) {
        String value = scalar.getValue().strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = Character.isISOControl(c) && !(!singleLine && (c == '\n' || c == '\r' || c == '\t'));
            if (control) {
                boolean lineBreak = c == '\n' || c == '\r';
                report(scalar, lineBreak ? label + " must be one line" : label + " contains the control character " + String.format("U+%04X", (int) c),
                        lineBreak ? "remove the line break" : "delete it; it often comes from copying text out of another program");
                return null;
            }
        }
        return value.isEmpty() ? null : value;
    }

    List<String> textList(Map<String, NodeTuple> keys, String key, boolean singleLine, String item) {
        return textList(value(keys, key), key, singleLine, item);
    }

    /** A list of non-empty strings; reports a non-list, and items that are empty or not strings. */
    List<String> textList(Node node, String label, boolean singleLine, String item) {
        if (isNull(node)) return List.of();
        if (!(node instanceof SequenceNode list)) {
            report(node, "`" + label + "` must be a list of strings, found " + describe(node), "write each " + item.replaceFirst("^an? ", "") + " on its own line starting with `- `");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        int index = 0;
        for (Node element : list.getValue()) {
            index++;
            String value = scalarText(element, "`" + label + "` item " + index, "a string", singleLine);
            if (value == null && isBlank(element)) {
                report(element, "`" + label + "` item " + index + " is empty", "remove the empty `- ` line");
            }
            if (value != null) values.add(value);
        }
        return values;
    }

    /** True for an empty value: nothing, {@code null}/{@code ~}, or blank text. */
    static boolean isBlank(Node node) {
        return isNull(node) || (node instanceof ScalarNode s && isPlainScalar(s) && s.getValue().strip().isEmpty());
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    static boolean isPlainScalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        return tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL);
    }

    static boolean isEmptyList(Node node) {
        return isNull(node) || (node instanceof SequenceNode list && list.getValue().isEmpty());
    }

    static boolean isNumber(ScalarNode scalar) {
        return scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT);
    }

    /** A numeric scalar's exact value via the YAML schema ({@code 0x1F}, {@code 0o17}, {@code +1} …); null for {@code .inf} and {@code .nan}. */
    BigDecimal numberValue(ScalarNode scalar) {
        Object value = construct(scalar);
        if (value instanceof Double d) return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        return new BigDecimal(value.toString());
    }

    Object construct(ScalarNode scalar) {
        return constructor.constructSingleDocument(Optional.of(scalar));
    }

    static String describe(Node node) {
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof MappingNode) return "a map";
        Tag tag = node.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) return "a number";
        if (tag.equals(Tag.BOOL)) return "true/false";
        if (tag.equals(Tag.NULL)) return "an empty value";
        if (tag.equals(Tag.STR)) return "a string";
        return "a value tagged `" + tag + "`";
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    void report(Node node, String message, String hint) {
        Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        problems.add(new BriefProblem(file, line, column, message, hint));
    }
}
