package io.inkstone.prompt;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.Example;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link Brief} into the plain values templates see (strings, numbers, booleans, lists, maps), so no
 * Java object reaches a template. Absent texts are empty strings, so {@code {% if audience %}} works; an absent
 * length is null ({@code {% if length is not null %}}).
 */
final class BriefVariables {

    private BriefVariables() {}

    /** The variables every template sees; documented in docs/TEMPLATES.md. */
    static Map<String, Object> of(Brief brief) {
        boolean zh = isChinese(brief.language());
        Map<String, Object> values = new HashMap<>();
        values.put("title", text(brief.title()));
        values.put("type", brief.type() == null ? BriefType.OTHER.yamlName() : brief.type().yamlName());
        values.put("typeLabel", typeLabel(brief.type() == null ? BriefType.OTHER : brief.type(), zh));
        values.put("language", text(brief.language()));
        values.put("languageName", languageName(brief.language()));
        values.put("zh", zh);
        values.put("role", role(brief.role()));
        values.put("task", text(brief.task()));
        values.put("requirements", List.copyOf(brief.requirements()));
        values.put("audience", text(brief.audience()));
        values.put("tone", text(brief.tone()));
        values.put("style", text(brief.style()));
        values.put("length", length(brief.length()));
        values.put("examples", examples(brief.examples()));
        // the brief's own outline; "outline" is what the composer gives the section template
        values.put("briefOutline", List.copyOf(brief.outline()));
        return values;
    }

    /**
     * Checks that caller-given values are plain (string, number, boolean, list, map or null) and copies lists and
     * maps so a template cannot see a live Java object.
     *
     * @throws IllegalArgumentException naming the variable with an unsupported value
     */
    static Object plain(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) copy.add(plain(name, item));
            return java.util.Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), plain(name, entry.getValue()));
            }
            return java.util.Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException("template variable '" + name + "' holds a " + value.getClass().getName()
                + "; only strings, numbers, booleans, lists and maps can be given to templates");
    }

    static boolean isChinese(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    /**
     * The role as it reads after "You are" / "你是": a leading English article is lower-cased ("A novelist" ->
     * "a novelist") and a final full stop removed.
     */
    static String role(String role) {
        String text = text(role);
        while (text.endsWith(".") || text.endsWith("。")) text = text.substring(0, text.length() - 1).stripTrailing();
        for (String article : List.of("A ", "An ", "The ")) {
            if (text.startsWith(article)) return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static Map<String, Object> length(Length length) {
        if (length == null) return null;
        return Map.of(
                "value", length.value(),
                "unit", length.unit() == LengthUnit.CHARACTERS ? "characters" : "words",
                "text", length.toString());
    }

    private static List<Map<String, Object>> examples(List<Example> examples) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int index = 0; index < examples.size(); index++) {
            Example example = examples.get(index);
            list.add(Map.of("input", text(example.input()), "output", text(example.output()), "number", index + 1));
        }
        return List.copyOf(list);
    }

    /** The writing language named in the instruction language: 简体中文 / 繁體中文 for zh, else its English name. */
    static String languageName(String language) {
        if (language == null || language.isBlank()) return "";
        Locale locale = Locale.forLanguageTag(language);
        if (isChinese(language)) {
            String tag = language.toLowerCase(Locale.ROOT);
            boolean traditional = "Hant".equals(locale.getScript())
                    || tag.endsWith("-tw") || tag.endsWith("-hk") || tag.endsWith("-mo");
            return traditional ? "繁體中文" : "简体中文";
        }
        String name = locale.getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? language : name;
    }

    /** What the piece is called in the instruction language. */
    static String typeLabel(BriefType type, boolean zh) {
        return switch (type) {
            case ARTICLE -> zh ? "文章" : "article";
            case STORY -> zh ? "故事" : "story";
            case REPORT -> zh ? "报告" : "report";
            case POST -> zh ? "博客文章" : "blog post";
            case LETTER -> zh ? "书信" : "letter";
            case TUTORIAL -> zh ? "教程" : "tutorial";
            case SCRIPT -> zh ? "剧本" : "script";
            case POEM -> zh ? "诗歌" : "poem";
            case ESSAY -> zh ? "散文" : "essay";
            case SPEECH -> zh ? "演讲稿" : "speech";
            case REVIEW -> zh ? "评论" : "review";
            case OTHER -> zh ? "作品" : "piece";
        };
    }
}
