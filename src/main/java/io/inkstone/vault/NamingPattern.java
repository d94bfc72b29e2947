package io.inkstone.vault;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How notes are named: a pattern with tokens {@code {date}} (2025-11-29), {@code {time}} (0700), {@code {title}},
 * {@code {id}} (the brief's id) and {@code {type}} (essay, story, ...). Each value and the expanded name are made
 * Obsidian-safe with {@link SafeNames#fileStem}.
 *
 * @param pattern e.g. {@code "{date} {title}"} (the default)
 */
public record NamingPattern(String pattern) {

    public static final Set<String> TOKENS = Set.of("date", "time", "title", "id", "type");

    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");

    /** {@code {date} {title}}, e.g. "2025-11-29 Spring.md". */
    public static final NamingPattern DEFAULT = new NamingPattern("{date} {title}");

    public NamingPattern {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("the note naming pattern is empty; use e.g. {date} {title}");
        }
        Matcher m = TOKEN.matcher(pattern);
        while (m.find()) {
            if (!TOKENS.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown token {" + m.group(1) + "} in note naming pattern '" + pattern
                        + "'; known tokens: {date}, {time}, {title}, {id}, {type}");
            }
        }
        if (!pattern.contains("{title}") && !pattern.contains("{id}")) {
            throw new IllegalArgumentException("note naming pattern '" + pattern + "' needs {title} or {id} so notes can be told apart");
        }
    }

    /** The safe file-name stem (no extension) for a note. */
    public String stem(String title, String id, String type, LocalDateTime created) {
        String safeId = SafeNames.clean(id).isEmpty() ? "Untitled" : SafeNames.clean(id);
        String safeTitle = SafeNames.clean(title).isEmpty() ? safeId : SafeNames.clean(title);
        Map<String, String> values = Map.of(
                "date", DATE.format(created),
                "time", TIME.format(created),
                "title", safeTitle,
                "id", safeId,
                "type", type == null ? "" : type);
        String expanded = TOKEN.matcher(pattern).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
        return SafeNames.fileStem(expanded, safeId);
    }
}
