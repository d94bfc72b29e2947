package io.inkstone.brief;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads a brief's {@code vault:} section: folder (inside the vault), tags, aliases and extra properties (not the reserved ones). */
final class VaultSectionReader {

    static final List<String> KEYS = List.of("folder", "tags", "aliases", "properties");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_\\-/]+");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");
    /** Characters Windows (and so a synced vault) does not allow in folder names; {@code \\} is read as {@code /}. */
    private static final String FORBIDDEN_IN_FOLDER = "<>:\"|?*";

    private final YamlNodeReader nodes;

    VaultSectionReader(YamlNodeReader nodes) {
        this.nodes = nodes;
    }

    VaultOptions read(Node node) {
        if (YamlNodeReader.isNull(node)) return VaultOptions.DEFAULT;
        if (!(node instanceof MappingNode map)) {
            nodes.report(node, "`vault` must be a map (`folder`, `tags`, `aliases`, `properties`), found " + YamlNodeReader.describe(node), null);
            return VaultOptions.DEFAULT;
        }
        Map<String, NodeTuple> keys = nodes.entries(map, "vault", KEYS, Map.of());
        String folder = nodes.text(keys, "folder", true, "vault.folder");
        if (folder != null) folder = folder(folder, YamlNodeReader.value(keys, "folder"));
        List<String> tags = tags(YamlNodeReader.value(keys, "tags"));
        List<String> aliases = nodes.textList(YamlNodeReader.value(keys, "aliases"), "vault.aliases", true, "an alias");
        Map<String, Object> properties = properties(YamlNodeReader.value(keys, "properties"));
        return new VaultOptions(folder, tags, aliases, properties);
    }

    private String folder(String written, Node node) {
        String folder = written.replace('\\', '/');
        boolean absolute = folder.startsWith("/") || WINDOWS_DRIVE.matcher(written).matches() || written.startsWith("~");
        if (absolute) {
            nodes.report(node, "`vault.folder` must be a folder inside the vault, found the absolute path `" + Outcome.shown(written) + "`",
                    "write it relative to the vault, e.g. `Writing/Stories`");
            return null;
        }
        for (String part : folder.split("/")) {
            if (part.equals("..")) {
                nodes.report(node, "`vault.folder` must stay inside the vault; `..` is not allowed", "e.g. `Writing/Stories`");
                return null;
            }
        }
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (FORBIDDEN_IN_FOLDER.indexOf(c) >= 0 || c < 0x20) {
                nodes.report(node, "`vault.folder` contains `" + c + "`, which is not allowed in folder names", "use letters, digits, spaces, `-`, `_` and `/`");
                return null;
            }
        }
        String cleaned = Arrays.stream(folder.split("/")).map(String::strip).filter(p -> !p.isEmpty() && !p.equals(".")).reduce((a, b) -> a + "/" + b).orElse("");
        return cleaned.isEmpty() ? null : cleaned;
    }

    private List<String> tags(Node node) {
        List<String> tags = new ArrayList<>();
        if (YamlNodeReader.isNull(node)) return tags;
        if (!(node instanceof SequenceNode list)) {
            nodes.report(node, "`vault.tags` must be a list of strings, found " + YamlNodeReader.describe(node), "e.g. `tags: [writing, fiction/scifi]`");
            return tags;
        }
        int index = 0;
        for (Node item : list.getValue()) {
            index++;
            String written = nodes.scalarText(item, "`vault.tags` item " + index, "a string", true);
            if (written == null) {
                if (YamlNodeReader.isBlank(item)) nodes.report(item, "`vault.tags` item " + index + " is empty", "remove the empty `- ` line");
                continue;
            }
            String tag = tag(written, item);
            if (tag != null && !tags.contains(tag)) tags.add(tag);
        }
        return tags;
    }

    private String tag(String written, Node node) {
        String tag = written.strip();
        if (tag.startsWith("#")) tag = tag.substring(1);
        if (!TAG.matcher(tag).matches() || tag.startsWith("/") || tag.endsWith("/") || tag.contains("//")) {
            nodes.report(node, "`vault.tags` has an invalid tag `" + Outcome.shown(written) + "`",
                    "tags use letters, digits, `_`, `-` and `/` for nesting (e.g. `writing/fiction`), with no spaces");
            return null;
        }
        if (tag.chars().allMatch(Character::isDigit)) {
            nodes.report(node, "`vault.tags` has the tag `" + tag + "`, which is only digits; Obsidian needs at least one non-digit", "e.g. `y" + tag + "`");
            return null;
        }
        return tag;
    }

    private Map<String, Object> properties(Node node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (YamlNodeReader.isNull(node)) return properties;
        if (!(node instanceof MappingNode map)) {
            nodes.report(node, "`vault.properties` must be a map of `name: value`, found " + YamlNodeReader.describe(node), "e.g. `properties: {project: Anthology, status: draft}`");
            return properties;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String name = nodes.keyText(tuple.getKeyNode(), "vault.properties", seen);
            if (name == null) continue;
            Node value = tuple.getValueNode();
            String reserved = ReservedProperties.reason(name);
            if (reserved != null) {
                nodes.report(tuple.getKeyNode(), "`vault.properties` cannot set `" + name + "`", reserved);
                continue;
            }
            Object converted = propertyValue(value, name);
            if (converted != null) properties.put(name, converted);
        }
        return properties;
    }

    private Object propertyValue(Node node, String name) {
        String label = "`vault.properties." + name + "`";
        if (YamlNodeReader.isNull(node)) {
            nodes.report(node, label + " has no value", "give it a value or remove it");
            return null;
        }
        if (node instanceof ScalarNode scalar) return propertyScalar(scalar, label);
        if (node instanceof SequenceNode list) {
            List<Object> values = new ArrayList<>();
            for (Node item : list.getValue()) {
                if (item instanceof ScalarNode s && !YamlNodeReader.isNull(s)) {
                    Object v = propertyScalar(s, label);
                    if (v != null) values.add(v);
                } else {
                    nodes.report(item, label + " list items must be single values, found " + YamlNodeReader.describe(item), null);
                }
            }
            return values;
        }
        nodes.report(node, label + " must be a value or a list of values, found " + YamlNodeReader.describe(node), "Obsidian properties are not nested");
        return null;
    }

    private Object propertyScalar(ScalarNode scalar, String label) {
        if (!YamlNodeReader.isPlainScalar(scalar)) {
            nodes.report(scalar, label + " has an unsupported YAML tag `" + scalar.getTag() + "`", "remove the tag");
            return null;
        }
        if (scalar.getTag().equals(Tag.STR)) return nodes.checkedText(scalar, label, true);
        Object value = nodes.construct(scalar);
        return value instanceof BigInteger big ? big.toString() : value;
    }
}
