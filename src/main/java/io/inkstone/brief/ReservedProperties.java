package io.inkstone.brief;

import java.util.List;
import java.util.Locale;

/**
 * The note properties Inkstone writes itself, defined once: the note's front matter is made from these names, and a
 * brief's {@code vault.properties} may not set them (compared in lower case, as Obsidian compares property names).
 * Anything else (including {@code id} or {@code source}) is the brief's to set.
 */
public final class ReservedProperties {

    public static final String TITLE = "title";
    public static final String CREATED = "created";
    public static final String TAGS = "tags";
    public static final String ALIASES = "aliases";
    public static final String TYPE = "type";
    public static final String LANGUAGE = "language";
    public static final String MODEL = "model";
    public static final String BRIEF = "brief";
    public static final String LENGTH_TARGET = "length_target";
    public static final String LENGTH_ACHIEVED = "length_achieved";
    public static final String LENGTH_UNIT = "length_unit";
    public static final String STOP_REASONS = "stop_reasons";
    public static final String GENERATED_TOKENS = "generated_tokens";
    public static final String TOKENS_PER_SECOND = "tokens_per_second";
    public static final String GENERATION_SECONDS = "generation_seconds";
    public static final String EXPORTS = "exports";

    /** Every reserved name, in the order a note shows them. */
    public static final List<String> NAMES = List.of(TITLE, CREATED, TAGS, ALIASES, TYPE, LANGUAGE, MODEL, BRIEF,
            LENGTH_TARGET, LENGTH_ACHIEVED, LENGTH_UNIT, STOP_REASONS, GENERATED_TOKENS, TOKENS_PER_SECOND,
            GENERATION_SECONDS, EXPORTS);

    private ReservedProperties() {}

    /** True when Inkstone writes {@code name} itself (in any letter case). */
    public static boolean isReserved(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Why a brief cannot set {@code name} and what to do instead, or null when it may. */
    public static String reason(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(key)) return null;
        return switch (key) {
            case TITLE -> "the note's title comes from the brief's `title:`";
            case TAGS -> "Inkstone writes `tags` from `vault.tags`; list them there";
            case ALIASES -> "Inkstone writes `aliases` from `vault.aliases`; list them there";
            case TYPE -> "Inkstone writes `type` from the brief's `type:`";
            case LANGUAGE -> "Inkstone writes `language` from the brief's `language:`";
            case CREATED -> "Inkstone writes `created`: the time the note was made";
            case BRIEF -> "Inkstone writes `brief`: the brief's file name";
            case EXPORTS -> "Inkstone writes `exports`: the PDF/EPUB files made and the engine of each";
            default -> "Inkstone writes `" + key + "` itself (what the model did for this note); choose another name";
        };
    }
}
