package io.inkstone.brief;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns one composed YAML tree into a {@link Brief}, collecting every problem on the way (it never stops at the
 * first). One instance reads one brief: the top-level fields here, the {@code generation:}, {@code vault:} and
 * {@code schedule:} sections through their section readers, all on the same located-YAML node reader.
 */
final class BriefReader extends YamlNodeReader {

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_OUTLINE_SECTIONS = 50;

    static final List<String> TOP_LEVEL_KEYS = List.of("id", "title", "type", "language", "role", "task", "requirements", "audience",
            "tone", "style", "length", "examples", "outline", "template", "generation", "export", "vault", "schedule");
    static final List<String> EXAMPLE_KEYS = List.of("input", "output");
    static final List<String> LENGTH_KEYS = List.of("value", "unit");

    /** Keys people put at the top level that belong elsewhere or have another name. */
    private static final Map<String, String> TOP_LEVEL_REDIRECTS = redirects();

    private static final Map<String, BriefType> TYPE_NAMES = typeNames();
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Set<String> templateNames;

    BriefReader(Path file, Set<String> templateNames, LoadSettings settings) {
        super(file, settings);
        this.templateNames = templateNames;
    }

    /** The brief, or null when any problem was found (the problems say why). */
    Brief read(Node root) {
        if (root == null) {
            problems().add(new BriefProblem(file, 1, 1, "the brief is empty", "a brief needs at least `title:` and `task:`; see samples/ for complete ones"));
            return null;
        }
        if (!(root instanceof MappingNode map)) {
            report(root, "a brief must be a map of `key: value` lines (such as `title: …`), found " + describe(root), null);
            return null;
        }
        Map<String, NodeTuple> keys = entries(map, null, TOP_LEVEL_KEYS, TOP_LEVEL_REDIRECTS);

        String title = text(keys, "title", true);
        if (title != null) checkTitle(title, value(keys, "title"));
        String task = text(keys, "task", false);
        requireKey(map, keys, "title", title, "add a line such as `title: The Lighthouse Keeper`");
        requireKey(map, keys, "task", task, "add a line such as `task: Write a short story about …`");

        String id = id(keys);
        BriefType type = type(keys);
        String language = language(keys, (title == null ? "" : title) + (task == null ? "" : task));
        String role = text(keys, "role", false);
        List<String> requirements = textList(keys, "requirements", false, "a requirement");
        String audience = text(keys, "audience", false);
        String tone = text(keys, "tone", false);
        String style = text(keys, "style", false);
        Length length = length(keys, language);
        List<Example> examples = examples(keys);
        Node outlineNode = value(keys, "outline");
        boolean autoOutline = isAuto(outlineNode);
        List<String> outline = autoOutline ? List.of() : outline(outlineNode);
        String template = template(keys, examples);
        GenerationOverrides generation = new GenerationSectionReader(this).read(value(keys, "generation"));
        List<ExportFormat> exports = exports(value(keys, "export"));
        VaultOptions vault = new VaultSectionReader(this).read(value(keys, "vault"));
        Schedule schedule = new ScheduleSectionReader(this).read(value(keys, "schedule"));

        if (!problems().isEmpty()) return null;
        return new Brief(id, title, type, language, role, task, requirements, audience, tone, style, length, examples, outline,
                autoOutline, template, generation, exports, vault, schedule, file);
    }

    // ---- top-level fields --------------------------------------------------------------------------------------

    private void requireKey(MappingNode map, Map<String, NodeTuple> keys, String key, String value, String hint) {
        if (!keys.containsKey(key)) {
            report(map, "missing required key `" + key + "`", hint);
        } else if (value == null && isBlank(value(keys, key))) {
            report(value(keys, key), "`" + key + "` is empty", hint);
        }
    }

    private void checkTitle(String title, Node node) {
        int length = title.codePointCount(0, title.length());
        if (length > MAX_TITLE_LENGTH) {
            report(node, "`title` is " + length + " characters long; the limit is " + MAX_TITLE_LENGTH, "put the details in `task`");
        }
    }

    private String id(Map<String, NodeTuple> keys) {
        String id = text(keys, "id", true);
        if (id == null) return defaultId();
        if (!ID.matcher(id).matches()) {
            String slug = slug(id);
            report(value(keys, "id"), "`id` must be 1–64 lowercase letters, digits, `-` or `_`, starting with a letter or digit; found `"
                    + Outcome.shown(id) + "`", slug.isEmpty() ? "e.g. `morning-pages`" : "e.g. `" + slug + "`");
        }
        return id;
    }

    /** The file name without {@code .yaml}/{@code .yml} (and {@code .brief}), as a slug; a hash of it when nothing is left. */
    private String defaultId() {
        String stem = file == null || file.getFileName() == null ? "brief" : file.getFileName().toString();
        stem = stem.replaceFirst("(?i)\\.ya?ml$", "").replaceFirst("(?i)\\.brief$", "");
        String slug = slug(stem);
        return slug.isEmpty() ? "brief-" + sha256Prefix(stem) : slug;
    }

    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 64) slug = slug.substring(0, 64).replaceAll("-+$", "");
        return slug;
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private BriefType type(Map<String, NodeTuple> keys) {
        String written = text(keys, "type", true);
        if (written == null) return BriefType.ARTICLE;
        BriefType type = TYPE_NAMES.get(written.toLowerCase(Locale.ROOT));
        if (type == null) {
            List<String> names = Arrays.stream(BriefType.values()).map(BriefType::yamlName).toList();
            report(value(keys, "type"), "unknown type `" + Outcome.shown(written) + "`",
                    Suggestions.didYouMean(written, names, "types: " + String.join(", ", names)));
        }
        return type;
    }

    private String language(Map<String, NodeTuple> keys, String briefText) {
        String written = text(keys, "language", true);
        if (written == null) return LanguageTags.defaultFor(briefText);
        Outcome<String> tag = LanguageTags.normalize(written);
        if (tag.failed()) {
            report(value(keys, "language"), tag.error(), tag.hint());
            return LanguageTags.defaultFor(briefText);
        }
        return tag.value();
    }

    private Length length(Map<String, NodeTuple> keys, String language) {
        Node node = value(keys, "length");
        if (isNull(node)) return null;
        LengthUnit defaultUnit = LanguageTags.unitFor(language);
        if (node instanceof MappingNode map) return lengthMap(map, defaultUnit);
        if (!(node instanceof ScalarNode scalar) || !isPlainScalar(scalar)) {
            report(node, "`length` must be a length such as `3000字` or `800 words`, found " + describe(node), LengthSyntax.FORMS);
            return null;
        }
        Outcome<Length> length = isNumber(scalar)
                ? LengthSyntax.of(numberValue(scalar), defaultUnit, scalar.getValue())
                : LengthSyntax.parse(scalar.getValue(), defaultUnit);
        if (length.failed()) report(node, length.error(), length.hint());
        return length.value();
    }

    private Length lengthMap(MappingNode map, LengthUnit defaultUnit) {
        Map<String, NodeTuple> keys = entries(map, "length", LENGTH_KEYS, Map.of());
        Node valueNode = value(keys, "value");
        LengthUnit unit = defaultUnit;
        String unitWord = text(keys, "unit", true, "length.unit");
        if (unitWord != null) {
            unit = LengthSyntax.unitOf(unitWord);
            if (unit == null) {
                report(value(keys, "unit"), "unknown `length.unit` `" + Outcome.shown(unitWord) + "`",
                        Suggestions.didYouMean(unitWord, List.of("words", "characters", "字"), "use `words`, `characters` or `字`"));
            }
        }
        if (isNull(valueNode)) {
            report(keys.containsKey("value") ? valueNode : map, "`length` needs a `value`", "e.g. `{value: 800, unit: words}`");
            return null;
        }
        if (!(valueNode instanceof ScalarNode scalar) || !isNumber(scalar)) {
            report(valueNode, "`length.value` must be a number, found " + describe(valueNode), "e.g. `{value: 800, unit: words}`");
            return null;
        }
        Outcome<Length> length = LengthSyntax.of(numberValue(scalar), unit == null ? defaultUnit : unit, scalar.getValue());
        if (length.failed()) report(valueNode, length.error(), length.hint());
        return unit == null ? null : length.value();
    }

    private List<Example> examples(Map<String, NodeTuple> keys) {
        Node node = value(keys, "examples");
        if (isNull(node)) return List.of();
        if (!(node instanceof SequenceNode list)) {
            report(node, "`examples` must be a list of `input`/`output` pairs, found " + describe(node), "start each pair with `- input:`");
            return List.of();
        }
        List<Example> examples = new ArrayList<>();
        int index = 0;
        for (Node item : list.getValue()) {
            index++;
            String where = "`examples` item " + index;
            if (!(item instanceof MappingNode pair)) {
                report(item, where + " must be a map with `input` and `output`, found " + describe(item), "write it as `- input: …` with `output: …` under it");
                continue;
            }
            Map<String, NodeTuple> pairKeys = entries(pair, "examples", EXAMPLE_KEYS, Map.of());
            String input = text(pairKeys, "input", false, "examples[" + index + "].input");
            String output = text(pairKeys, "output", false, "examples[" + index + "].output");
            for (String part : EXAMPLE_KEYS) {
                String value = part.equals("input") ? input : output;
                if (!pairKeys.containsKey(part)) report(pair, where + " has no `" + part + "`", "each example needs both `input` and `output`");
                else if (value == null && isBlank(value(pairKeys, part))) report(value(pairKeys, part), where + " has an empty `" + part + "`", null);
            }
            if (input != null && output != null) examples.add(new Example(input, output));
        }
        return examples;
    }

    private static boolean isAuto(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.STR) && s.getValue().trim().equalsIgnoreCase("auto");
    }

    private List<String> outline(Node node) {
        if (isNull(node)) return List.of();
        if (node instanceof ScalarNode scalar) {
            report(node, "`outline` must be `auto` or a list of section headings, found `" + Outcome.shown(scalar.getValue()) + "`",
                    "write `outline: auto`, or one `- heading` per line");
            return List.of();
        }
        List<String> headings = textList(node, "outline", true, "a section heading");
        if (headings.size() > MAX_OUTLINE_SECTIONS) {
            report(node, "`outline` has " + headings.size() + " sections; the limit is " + MAX_OUTLINE_SECTIONS, "split the piece into several briefs");
        }
        return headings;
    }

    private String template(Map<String, NodeTuple> keys, List<Example> examples) {
        String name = text(keys, "template", true);
        if (name == null) return null;
        Node node = value(keys, "template");
        if (!templateNames.contains(name)) {
            String known = templateNames.isEmpty() ? "no templates are installed" : "templates: " + String.join(", ", new TreeSet<>(templateNames));
            report(node, "unknown template `" + Outcome.shown(name) + "`", Suggestions.nearest(name, new TreeSet<>(templateNames))
                    .map(n -> "did you mean `" + n + "`? " + known).orElse(known));
        } else if (name.equals("few-shot") && examples.isEmpty() && isEmptyList(value(keys, "examples"))) {
            report(node, "`template: few-shot` needs `examples`", "add `examples:` with at least one `- input: …` / `output: …` pair");
        }
        return name;
    }

    // ---- export ------------------------------------------------------------------------------------------------

    private List<ExportFormat> exports(Node node) {
        if (isNull(node)) return null;                                           // not given: the settings decide
        List<String> names = Arrays.stream(ExportFormat.values()).map(ExportFormat::extension).toList();
        if (node instanceof ScalarNode scalar && scalar.getValue().trim().equalsIgnoreCase("none")) return List.of();
        if (!(node instanceof SequenceNode)) {
            report(node, "`export` must be a list of formats, found " + describe(node), "e.g. `export: [pdf, epub]`");
            return List.of();
        }
        Set<ExportFormat> formats = new LinkedHashSet<>();
        for (Node item : ((SequenceNode) node).getValue()) {
            String name = scalarText(item, "`export` items", "a format name", true);
            if (name == null) continue;
            Optional<ExportFormat> format = Arrays.stream(ExportFormat.values()).filter(f -> f.extension().equalsIgnoreCase(name.trim())).findFirst();
            if (format.isPresent()) formats.add(format.get());
            else report(item, "unknown export format `" + Outcome.shown(name) + "`", Suggestions.didYouMean(name, names, "formats: " + String.join(", ", names)));
        }
        return List.copyOf(formats);
    }

    private static Map<String, String> redirects() {
        Map<String, String> r = new LinkedHashMap<>();
        for (String key : GenerationSectionReader.KEYS) r.put(key, "`" + key + "` belongs under `generation:`");
        for (String key : VaultSectionReader.KEYS) r.put(key, "`" + key + "` belongs under `vault:`");
        for (String key : ScheduleSectionReader.KEYS) r.put(key, "`" + key + "` belongs under `schedule:`");
        r.put("tag", "tags belong under `vault:` as `tags:`");
        r.put("name", "did you mean `title`?");
        r.put("prompt", "did you mean `task`?");
        r.put("instructions", "did you mean `task` (what to write) or `requirements` (a list)?");
        r.put("topic", "describe the topic in `task`");
        r.put("words", "did you mean `length`? e.g. `length: 800 words`");
        r.put("word_count", "did you mean `length`? e.g. `length: 800 words`");
        r.put("lang", "did you mean `language`?");
        r.put("exports", "did you mean `export`?");
        r.put("format", "did you mean `export`? e.g. `export: [pdf, epub]`");
        r.put("formats", "did you mean `export`? e.g. `export: [pdf, epub]`");
        r.put("example", "did you mean `examples`?");
        return Map.copyOf(r);
    }

    private static Map<String, BriefType> typeNames() {
        Map<String, BriefType> names = new LinkedHashMap<>();
        for (BriefType t : BriefType.values()) names.put(t.yamlName(), t);
        String[][] synonyms = {
                {"文章", "ARTICLE"}, {"故事", "STORY"}, {"小说", "STORY"}, {"短篇小说", "STORY"}, {"报告", "REPORT"},
                {"帖子", "POST"}, {"博客", "POST"}, {"blog", "POST"}, {"信", "LETTER"}, {"书信", "LETTER"}, {"教程", "TUTORIAL"},
                {"剧本", "SCRIPT"}, {"脚本", "SCRIPT"}, {"诗", "POEM"}, {"诗歌", "POEM"}, {"散文", "ESSAY"}, {"随笔", "ESSAY"},
                {"演讲", "SPEECH"}, {"演讲稿", "SPEECH"}, {"评论", "REVIEW"}, {"书评", "REVIEW"}, {"影评", "REVIEW"}};
        for (String[] s : synonyms) names.put(s[0], BriefType.valueOf(s[1]));
        return Map.copyOf(names);
    }
}
