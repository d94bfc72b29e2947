package io.inkstone.render;

import io.inkstone.brief.Brief;
import io.inkstone.brief.ReservedProperties;
import io.inkstone.compose.GenerationSummary;
import io.inkstone.llm.StopReason;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Obsidian properties of a finished piece, made once from its brief and what the model did: the note the
 * exports are made from and the vault files is this one {@link FrontMatter}. The vault adds {@code exports} once the
 * attachments exist (see {@link ReservedProperties}).
 */
public final class NoteProperties {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Pattern TAG_FORBIDDEN = Pattern.compile("[^\\p{L}\\p{M}\\p{N}_\\-/]");

    private NoteProperties() {}

    /**
     * The note of a finished piece: properties in the order Obsidian shows them, then the brief's own extra
     * properties, above {@code markdown} (the body, starting with {@code # title}).
     */
    public static FrontMatter note(Brief brief, GenerationSummary generation, ZonedDateTime created, String markdown) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ReservedProperties.TITLE, brief.title());
        p.put(ReservedProperties.CREATED, CREATED.format(created.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS)));
        List<String> tags = new ArrayList<>(new LinkedHashSet<>(brief.vault().tags().stream().map(NoteProperties::tag)
                .filter(Objects::nonNull).toList()));
        if (!tags.isEmpty()) p.put(ReservedProperties.TAGS, tags);
        if (!brief.vault().aliases().isEmpty()) p.put(ReservedProperties.ALIASES, brief.vault().aliases());
        p.put(ReservedProperties.TYPE, brief.type().yamlName());
        if (brief.language() != null) p.put(ReservedProperties.LANGUAGE, brief.language());
        p.put(ReservedProperties.MODEL, generation.modelName());
        if (brief.source() != null) p.put(ReservedProperties.BRIEF, brief.source().getFileName().toString());
        if (generation.target() != null) p.put(ReservedProperties.LENGTH_TARGET, generation.target().value());
        p.put(ReservedProperties.LENGTH_ACHIEVED, generation.achievedLength());
        p.put(ReservedProperties.LENGTH_UNIT, generation.lengthUnit().name().toLowerCase(Locale.ROOT));
        p.put(ReservedProperties.STOP_REASONS, generation.stopReasons().stream().map(StopReason::label).toList());
        p.put(ReservedProperties.GENERATED_TOKENS, generation.generatedTokens());
        p.put(ReservedProperties.TOKENS_PER_SECOND, oneDecimal(generation.tokensPerSecond()));
        p.put(ReservedProperties.GENERATION_SECONDS, oneDecimal(generation.took().toMillis() / 1000.0));
        // the brief validator refuses reserved names; this keeps Inkstone's own values if a brief got past it
        brief.vault().properties().forEach((key, value) -> {
            if (!ReservedProperties.isReserved(key)) p.put(key, value);
        });
        return FrontMatter.of(p, markdown.strip() + "\n");
    }

    /**
     * An Obsidian tag without '#': letters, digits, {@code _}, {@code -} and {@code /} for nesting; spaces become
     * {@code -}; at least one character that is not a digit. Returns null when nothing valid is left.
     */
    public static String tag(String text) {
        if (text == null) return null;
        String s = text.strip();
        while (s.startsWith("#")) s = s.substring(1);
        s = WHITESPACE_RUN.matcher(s.strip()).replaceAll("-");
        s = TAG_FORBIDDEN.matcher(s).replaceAll("");
        s = s.replaceAll("-{2,}", "-").replaceAll("/{2,}", "/").replaceAll("^/+|/+$", "");
        if (s.isEmpty() || s.chars().allMatch(c -> Character.isDigit(c) || c == '/')) return null;
        return s;
    }

    private static double oneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
