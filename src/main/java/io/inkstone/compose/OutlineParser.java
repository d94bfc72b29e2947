package io.inkstone.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads section headings out of a model's outline reply, whatever shape it took: a JSON array (of strings
 * or of objects with a title), a JSON object holding such an array, JSON inside a code fence, Markdown
 * headings, or a Markdown/numbered list ("1. …", "- …", "一、…", "第一章 …"). Thinking blocks, emphasis,
 * numbering and descriptions after a colon are removed from headings; only the top level of a nested
 * list counts. A reply with fewer than {@code minSections} or more than {@code maxSections} distinct
 * headings is unusable.
 */
public final class OutlineParser {

    /** Headings longer than this are cut at their first colon or sentence end. */
    static final int MAX_HEADING_CHARACTERS = 40;

    private static final JsonMapper LENIENT_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();
    private static final List<String> TITLE_FIELDS = List.of("heading", "title", "section", "name", "标题");
    private static final List<String> LIST_FIELDS = List.of("sections", "outline", "headings", "chapters", "parts", "大纲", "章节");

    private static final Pattern JSON_FENCE = Pattern.compile("```(?:json|JSON)?\\s*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern LIST_ITEM = Pattern.compile(
            "^(\\s*)(?:[-*+•·]\\s+|(?:\\d{1,2}[.)、．]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\\d]{1,3}[)）])\\s*)(.+)$");
    private static final Pattern CHAPTER_LINE = Pattern.compile(
            "^(\\s*)((?:第[一二三四五六七八九十百\\d]{1,4}[章节部分幕回篇]|(?:Part|Chapter|Section|Act)\\s+[\\dIVXivx]+\\b).*)$");
    private static final Pattern LEADING_NUMBER = Pattern.compile(
            "^(?:\\d{1,2}(?:\\.\\d{1,2})*[.)、．:：]?|[一二三四五六七八九十]{1,3}[、．.])\\s*");
    private static final Pattern BOLD_LEAD = Pattern.compile("^(?:\\*\\*|__)(.+?)(?:\\*\\*|__)\\s*(?:[:：—–-]\\s*.*)?$");

    private OutlineParser() {}

    /** The headings in {@code reply}, or empty when it holds no usable outline. */
    public static Optional<List<String>> parse(String reply, int minSections, int maxSections) {
        if (reply == null) return Optional.empty();
        String text = MarkdownCleaner.stripThinking(reply).strip();
        List<String> headings = fromJson(text);
        if (headings.isEmpty()) headings = fromMarkdown(text);
        List<String> distinct = distinct(headings);
        if (distinct.size() < minSections || distinct.size() > maxSections) return Optional.empty();
        return Optional.of(distinct);
    }

    private static List<String> fromJson(String text) {
        List<String> candidates = new ArrayList<>();
        Matcher fence = JSON_FENCE.matcher(text);
        if (fence.find()) candidates.add(fence.group(1));
        candidates.add(text);
        int arrayStart = text.indexOf('['), arrayEnd = text.lastIndexOf(']');
        if (arrayStart >= 0 && arrayEnd > arrayStart) candidates.add(text.substring(arrayStart, arrayEnd + 1));
        int objectStart = text.indexOf('{'), objectEnd = text.lastIndexOf('}');
        if (objectStart >= 0 && objectEnd > objectStart) candidates.add(text.substring(objectStart, objectEnd + 1));
        for (String candidate : candidates) {
            String trimmed = candidate.strip();
            if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) continue;
            try {
                List<String> headings = headingsIn(LENIENT_JSON.readTree(trimmed));
                if (!headings.isEmpty()) return headings;
            } catch (JsonProcessingException notJson) {
                // try the next candidate, then Markdown
            }
        }
        return List.of();
    }

    private static List<String> headingsIn(JsonNode node) {
        if (node.isObject()) {
            for (String field : LIST_FIELDS) {
                if (node.path(field).isArray()) return headingsIn(node.get(field));
            }
            for (JsonNode value : node) {
                if (value.isArray()) return headingsIn(value);
            }
            return List.of();
        }
        List<String> headings = new ArrayList<>();
        if (!node.isArray()) return headings;
        for (JsonNode item : node) {
            String heading = "";
            if (item.isTextual()) {
                heading = item.asText();
            } else if (item.isObject()) {
                for (String field : TITLE_FIELDS) {
                    if (item.path(field).isTextual()) {
                        heading = item.get(field).asText();
                        break;
                    }
                }
            }
            heading = cleanHeading(heading);
            if (!heading.isEmpty()) headings.add(heading);
        }
        return headings;
    }

    /** Markdown: the shallowest heading level that has several headings, else the top level of the list. */
    private static List<String> fromMarkdown(String text) {
        List<Integer> headingLevels = new ArrayList<>();
        List<String> headingTexts = new ArrayList<>();
        List<Integer> itemIndents = new ArrayList<>();
        List<String> itemTexts = new ArrayList<>();
        boolean inCode = false;
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode) continue;
            Matcher heading = ATX_HEADING.matcher(line);
            if (heading.matches()) {
                headingLevels.add(heading.group(1).length());
                headingTexts.add(heading.group(2));
                continue;
            }
            Matcher item = LIST_ITEM.matcher(line);
            if (!item.matches()) item = CHAPTER_LINE.matcher(line);
            if (item.matches()) {
                itemIndents.add(item.group(1).replace("\t", "    ").length());
                itemTexts.add(item.group(2));
            }
        }
        List<String> fromHeadings = shallowestGroup(headingLevels, headingTexts);
        if (fromHeadings.size() >= 2) return fromHeadings;
        return shallowestGroup(itemIndents, itemTexts);
    }

    /** The texts at the smallest level (or indent) that holds at least two of them. */
    private static List<String> shallowestGroup(List<Integer> levels, List<String> texts) {
        Set<Integer> distinctLevels = new TreeSet<>(levels);
        for (int level : distinctLevels) {
            List<String> group = new ArrayList<>();
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i) == level) {
                    String heading = cleanHeading(texts.get(i));
                    if (!heading.isEmpty()) group.add(heading);
                }
            }
            if (group.size() >= 2) return group;
        }
        return List.of();
    }

    /** Removes emphasis, numbering, a trailing description and stray punctuation from one heading. */
    static String cleanHeading(String raw) {
        String heading = raw.strip();
        Matcher bold = BOLD_LEAD.matcher(heading);
        if (bold.matches()) heading = bold.group(1);
        heading = heading.replace("**", "").replace("__", "").replace("`", "").strip();
        heading = LEADING_NUMBER.matcher(heading).replaceFirst("");
        if (heading.codePointCount(0, heading.length()) > MAX_HEADING_CHARACTERS) {
            int cut = firstIndexOf(heading, "：", ":", "。", ". ", "——", " - ");
            heading = cut > 0 ? heading.substring(0, cut)
                    : heading.substring(0, heading.offsetByCodePoints(0, MAX_HEADING_CHARACTERS));
        }
        return heading.replaceAll("[\\s:：,，;；]+$", "").strip();
    }

    private static int firstIndexOf(String text, String... needles) {
        int first = -1;
        for (String needle : needles) {
            int index = text.indexOf(needle);
            if (index > 0 && (first < 0 || index < first)) first = index;
        }
        return first;
    }

    private static List<String> distinct(List<String> headings) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String heading : headings) {
            if (seen.add(heading.toLowerCase(Locale.ROOT))) out.add(heading);
        }
        return out;
    }
}
