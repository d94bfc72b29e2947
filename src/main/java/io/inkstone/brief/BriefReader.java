package io.inkstone.brief;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.ZoneId;
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
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Turns one composed YAML tree into a {@link Brief}, collecting every problem on the way (it never stops at the
 * first). One instance reads one brief.
 */
final class BriefReader {

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_OUTLINE_SECTIONS = 50;
    /** Upper bound for {@code generation.max_new_tokens}. */
    static final int MAX_NEW_TOKENS = 32768;

    static final List<String> TOP_LEVEL_KEYS = List.of("id", "title", "type", "language", "role", "task", "requirements", "audience",
            "tone", "style", "length", "examples", "outline", "template", "generation", "export", "vault", "schedule");
    static final List<String> GENERATION_KEYS = List.of("temperature", "top_p", "top_k", "min_p", "repetition_penalty",
            "max_new_tokens", "seed", "thinking");
    static final List<String> VAULT_KEYS = List.of("folder", "tags", "aliases", "properties");
    static final List<String> SCHEDULE_KEYS = List.of("cron", "timezone");
    static final List<String> EXAMPLE_KEYS = List.of("input", "output");
    static final List<String> LENGTH_KEYS = List.of("value", "unit");

    /** Keys people put at the top level that belong elsewhere or have another name. */
    private static final Map<String, String> TOP_LEVEL_REDIRECTS = redirects();

    private static final Map<String, BriefType> TYPE_NAMES = typeNames();
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_\\-/]+");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:.*");
    /** Characters Windows (and so a synced vault) does not allow in folder names; {@code \} is read as {@code /}. */
    private static final String FORBIDDEN_IN_FOLDER = "<>:\"|?*";

    private final Path file;
    private final Set<String> templateNames;
    private final StandardConstructor constructor;
    private final List<BriefProblem> problems = new ArrayList<>();

    BriefReader(Path file, Set<String> templateNames, LoadSettings settings) {
        this.file = file;
        this.templateNames = templateNames;
        this.constructor = new StandardConstructor(settings);
    }

    List<BriefProblem> problems() {
        return problems;
    }

    /** The brief, or null when any problem was found (the problems say why). */
    Brief read(Node root) {
        if (root == null) {
            problems.add(new BriefProblem(file, 1, 1, "the brief is empty", "a brief needs at least `title:` and `task:`; see samples/ for complete ones"));
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
        GenerationOverrides generation = generation(value(keys, "generation"));
        List<ExportFormat> exports = exports(value(keys, "export"));
        VaultOptions vault = vault(value(keys, "vault"));
        Schedule schedule = schedule(value(keys, "schedule"));

        if (!problems.isEmpty()) return null;
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

    // ---- generation ------------------------------------------------------------------------------------------

    private GenerationOverrides generation(Node node) {
        if (isNull(node)) return GenerationOverrides.NONE;
        if (!(node instanceof MappingNode map)) {
            report(node, "`generation` must be a map of sampling settings, found " + describe(node), "e.g. `generation: {temperature: 0.7, top_p: 0.8}`");
            return GenerationOverrides.NONE;
        }
        Map<String, NodeTuple> keys = entries(map, "generation", GENERATION_KEYS, Map.of());
        Double temperature = decimal(keys, "temperature", 0, true, 5, true, "0 (greedy) and 5");
        Double topP = decimal(keys, "top_p", 0, false, 1, true, "0 (exclusive) and 1");
        Long topK = whole(keys, "top_k", 0, Integer.MAX_VALUE, "0 (off) or more");
        Double minP = decimal(keys, "min_p", 0, true, 1, false, "0 and 1 (exclusive)");
        Double repetitionPenalty = decimal(keys, "repetition_penalty", 1, true, 3, true, "1 (off) and 3");
        Long maxNewTokens = whole(keys, "max_new_tokens", 1, MAX_NEW_TOKENS, "between 1 and " + MAX_NEW_TOKENS);
        Long seed = whole(keys, "seed", Long.MIN_VALUE, Long.MAX_VALUE, "a whole number that fits in 64 bits");
        Boolean thinking = bool(keys, "thinking", "generation.thinking");
        return new GenerationOverrides(temperature, topP, topK == null ? null : topK.intValue(), minP, repetitionPenalty,
                maxNewTokens == null ? null : maxNewTokens.intValue(), seed, thinking);
    }

    private Double decimal(Map<String, NodeTuple> keys, String key, double low, boolean lowIncluded, double high, boolean highIncluded, String range) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        String name = "`generation." + key + "`";
        if (!(node instanceof ScalarNode scalar) || !isNumber(scalar)) {
            report(node, name + " must be a number, found " + describe(node), node instanceof ScalarNode s && s.getTag().equals(Tag.STR) ? "write the number without quotes" : null);
            return null;
        }
        double value = ((Number) construct(scalar)).doubleValue();
        boolean inRange = (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high);
        if (!inRange) {
            report(node, name + " must be between " + range + ", found " + Outcome.shown(scalar.getValue()), null);
            return null;
        }
        return value;
    }

    /** A whole number within [low, high]; {@code range} words the limits for the message ("between 1 and 32768"). */
    private Long whole(Map<String, NodeTuple> keys, String key, long low, long high, String range) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        String name = "`generation." + key + "`";
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            boolean decimal = node instanceof ScalarNode s && s.getTag().equals(Tag.FLOAT);
            report(node, name + " must be a whole number, found " + (decimal ? "`" + ((ScalarNode) node).getValue() + "`" : describe(node)), null);
            return null;
        }
        BigInteger value = numberValue(scalar).toBigIntegerExact();
        if (value.compareTo(BigInteger.valueOf(low)) < 0 || value.compareTo(BigInteger.valueOf(high)) > 0) {
            report(node, name + " must be " + range + ", found " + Outcome.shown(scalar.getValue()), null);
            return null;
        }
        return value.longValue();
    }

    private Boolean bool(Map<String, NodeTuple> keys, String key, String label) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            report(node, "`" + label + "` must be `true` or `false`, found " + describe(node), null);
            return null;
        }
        return (Boolean) construct(scalar);
    }

    // ---- export, vault, schedule ------------------------------------------------------------------------------

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

    private VaultOptions vault(Node node) {
        if (isNull(node)) return VaultOptions.DEFAULT;
        if (!(node instanceof MappingNode map)) {
            report(node, "`vault` must be a map (`folder`, `tags`, `aliases`, `properties`), found " + describe(node), null);
            return VaultOptions.DEFAULT;
        }
        Map<String, NodeTuple> keys = entries(map, "vault", VAULT_KEYS, Map.of());
        String folder = text(keys, "folder", true, "vault.folder");
        if (folder != null) folder = folder(folder, value(keys, "folder"));
        List<String> tags = tags(value(keys, "tags"));
        List<String> aliases = textList(value(keys, "aliases"), "vault.aliases", true, "an alias");
        Map<String, Object> properties = properties(value(keys, "properties"));
        return new VaultOptions(folder, tags, aliases, properties);
    }

    private String folder(String written, Node node) {
        String folder = written.replace('\\', '/');
        boolean absolute = folder.startsWith("/") || WINDOWS_DRIVE.matcher(written).matches() || written.startsWith("~");
        if (absolute) {
            report(node, "`vault.folder` must be a folder inside the vault, found the absolute path `" + Outcome.shown(written) + "`",
                    "write it relative to the vault, e.g. `Writing/Stories`");
            return null;
        }
        for (String part : folder.split("/")) {
            if (part.equals("..")) {
                report(node, "`vault.folder` must stay inside the vault; `..` is not allowed", "e.g. `Writing/Stories`");
                return null;
            }
        }
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (FORBIDDEN_IN_FOLDER.indexOf(c) >= 0 || c < 0x20) {
                report(node, "`vault.folder` contains `" + c + "`, which is not allowed in folder names", "use letters, digits, spaces, `-`, `_` and `/`");
                return null;
            }
        }
        String cleaned = Arrays.stream(folder.split("/")).map(String::strip).filter(p -> !p.isEmpty() && !p.equals(".")).reduce((a, b) -> a + "/" + b).orElse("");
        return cleaned.isEmpty() ? null : cleaned;
    }

    private List<String> tags(Node node) {
        List<String> tags = new ArrayList<>();
        if (isNull(node)) return tags;
        if (!(node instanceof SequenceNode list)) {
            report(node, "`vault.tags` must be a list of strings, found " + describe(node), "e.g. `tags: [writing, fiction/scifi]`");
            return tags;
        }
        int index = 0;
        for (Node item : list.getValue()) {
            index++;
            String written = scalarText(item, "`vault.tags` item " + index, "a string", true);
            if (written == null) {
                if (isBlank(item)) report(item, "`vault.tags` item " + index + " is empty", "remove the empty `- ` line");
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
            report(node, "`vault.tags` has an invalid tag `" + Outcome.shown(written) + "`",
                    "tags use letters, digits, `_`, `-` and `/` for nesting (e.g. `writing/fiction`), with no spaces");
            return null;
        }
        if (tag.chars().allMatch(Character::isDigit)) {
            report(node, "`vault.tags` has the tag `" + tag + "`, which is only digits; Obsidian needs at least one non-digit", "e.g. `y" + tag + "`");
            return null;
        }
        return tag;
    }

    private Map<String, Object> properties(Node node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (isNull(node)) return properties;
        if (!(node instanceof MappingNode map)) {
            report(node, "`vault.properties` must be a map of `name: value`, found " + describe(node), "e.g. `properties: {project: Anthology, status: draft}`");
            return properties;
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String name = keyText(tuple.getKeyNode(), "vault.properties", seen);
            if (name == null) continue;
            Node value = tuple.getValueNode();
            String reserved = ReservedProperties.reason(name);
            if (reserved != null) {
                report(tuple.getKeyNode(), "`vault.properties` cannot set `" + name + "`", reserved);
                continue;
            }
            Object converted = propertyValue(value, name);
            if (converted != null) properties.put(name, converted);
        }
        return properties;
    }

    private Object propertyValue(Node node, String name) {
        String label = "`vault.properties." + name + "`";
        if (isNull(node)) {
            report(node, label + " has no value", "give it a value or remove it");
            return null;
        }
        if (node instanceof ScalarNode scalar) return propertyScalar(scalar, label);
        if (node instanceof SequenceNode list) {
            List<Object> values = new ArrayList<>();
            for (Node item : list.getValue()) {
                if (item instanceof ScalarNode s && !isNull(s)) {
                    Object v = propertyScalar(s, label);
                    if (v != null) values.add(v);
                } else {
                    report(item, label + " list items must be single values, found " + describe(item), null);
                }
            }
            return values;
        }
        report(node, label + " must be a value or a list of values, found " + describe(node), "Obsidian properties are not nested");
        return null;
    }

    private Object propertyScalar(ScalarNode scalar, String label) {
        if (!isPlainScalar(scalar)) {
            report(scalar, label + " has an unsupported YAML tag `" + scalar.getTag() + "`", "remove the tag");
            return null;
        }
        if (scalar.getTag().equals(Tag.STR)) return checkedText(scalar, label, true);
        Object value = construct(scalar);
        return value instanceof BigInteger big ? big.toString() : value;
    }

    private Schedule schedule(Node node) {
        if (isNull(node)) return null;
        if (!(node instanceof MappingNode map)) {
            report(node, "`schedule` must be a map with `cron` (and optionally `timezone`), found " + describe(node),
                    "e.g. `schedule: {cron: \"0 0 7 * * ?\", timezone: Asia/Shanghai}`");
            return null;
        }
        Map<String, NodeTuple> keys = entries(map, "schedule", SCHEDULE_KEYS, Map.of());
        String cron = text(keys, "cron", true, "schedule.cron");
        String quartz = null;
        if (cron == null) {
            report(keys.containsKey("cron") ? value(keys, "cron") : map, "`schedule` needs a `cron` expression", CronSyntax.EXAMPLES);
        } else {
            Outcome<String> converted = CronSyntax.toQuartz(cron);
            if (converted.failed()) report(value(keys, "cron"), converted.error(), converted.hint());
            quartz = converted.value();
        }
        String timezone = text(keys, "timezone", true, "schedule.timezone");
        String zone = ZoneId.systemDefault().getId();
        if (timezone != null) {
            try {
                zone = ZoneId.of(timezone.strip()).getId();
            } catch (DateTimeException e) {
                report(value(keys, "timezone"), "unknown time zone `" + Outcome.shown(timezone) + "`", zoneHint(timezone));
            }
        }
        return quartz == null ? null : new Schedule(quartz, zone);
    }

    private static String zoneHint(String written) {
        String fallback = "use a region id such as `Asia/Shanghai`, `Europe/Berlin`, `America/New_York` or `UTC`";
        String lower = written.strip().toLowerCase(Locale.ROOT);
        if (Set.of("beijing", "北京", "china", "中国", "cst", "shanghai", "上海").contains(lower)) return "did you mean `Asia/Shanghai`?";
        return Suggestions.didYouMean(written.strip(), new TreeSet<>(ZoneId.getAvailableZoneIds()), fallback);
    }

    // ---- generic node helpers ------------------------------------------------------------------------------------

    /**
     * The entries of a map, by key, for the allowed keys; reports unknown keys (with a suggestion), duplicates and keys
     * that are not plain words.
     */
    private Map<String, NodeTuple> entries(MappingNode map, String section, List<String> allowed, Map<String, String> redirects) {
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
    private String keyText(Node keyNode, String section, Map<String, Node> seen) {
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

    private static Node value(Map<String, NodeTuple> keys, String key) {
        NodeTuple tuple = keys.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    private String text(Map<String, NodeTuple> keys, String key, boolean singleLine) {
        return text(keys, key, singleLine, key);
    }

    /** The trimmed text of {@code key}'s value; null when absent, empty, or not text (then reported). */
    private String text(Map<String, NodeTuple> keys, String key, boolean singleLine, String label) {
        Node node = value(keys, key);
        if (isNull(node)) return null;
        return scalarText(node, "`" + label + "`", "a string", singleLine);
    }

    /** The text of a scalar (numbers and true/false read as written); reports lists, maps, tags and control characters. */
    private String scalarText(Node node, String label, String expected, boolean singleLine) {
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

    private String checkedText(ScalarNode scalar, String label, boolean singleLine) {
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

    private List<String> textList(Map<String, NodeTuple> keys, String key, boolean singleLine, String item) {
        return textList(value(keys, key), key, singleLine, item);
    }

    /** A list of non-empty strings; reports a non-list, and items that are empty or not strings. */
    private List<String> textList(Node node, String label, boolean singleLine, String item) {
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
    private static boolean isBlank(Node node) {
        return isNull(node) || (node instanceof ScalarNode s && isPlainScalar(s) && s.getValue().strip().isEmpty());
    }

    private static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    private static boolean isPlainScalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        return tag.equals(Tag.STR) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL);
    }

    private static boolean isEmptyList(Node node) {
        return isNull(node) || (node instanceof SequenceNode list && list.getValue().isEmpty());
    }

    private static boolean isNumber(ScalarNode scalar) {
        return scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT);
    }

    /** A numeric scalar's exact value via the YAML schema ({@code 0x1F}, {@code 0o17}, {@code +1} …); null for {@code .inf} and {@code .nan}. */
    private BigDecimal numberValue(ScalarNode scalar) {
        Object value = construct(scalar);
        if (value instanceof Double d) return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        return new BigDecimal(value.toString());
    }

    private Object construct(ScalarNode scalar) {
        return constructor.constructSingleDocument(Optional.of(scalar));
    }

    private static String describe(Node node) {
        if (node instanceof SequenceNode) return "a list";
        if (node instanceof MappingNode) return "a map";
        Tag tag = node.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) return "a number";
        if (tag.equals(Tag.BOOL)) return "true/false";
        if (tag.equals(Tag.NULL)) return "an empty value";
        if (tag.equals(Tag.STR)) return "a string";
        return "a value tagged `" + tag + "`";
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private void report(Node node, String message, String hint) {
        Optional<Mark> mark = node == null ? Optional.empty() : node.getStartMark();
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        problems.add(new BriefProblem(file, line, column, message, hint));
    }

    private static Map<String, String> redirects() {
        Map<String, String> r = new LinkedHashMap<>();
        for (String key : GENERATION_KEYS) r.put(key, "`" + key + "` belongs under `generation:`");
        for (String key : VAULT_KEYS) r.put(key, "`" + key + "` belongs under `vault:`");
        for (String key : SCHEDULE_KEYS) r.put(key, "`" + key + "` belongs under `schedule:`");
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
