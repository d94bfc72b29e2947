package io.inkstone.brief;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates writing briefs (YAML). Every problem is reported at once, located as
 * {@code file:line:column: message (hint)}; hostile input (too large, binary, not UTF-8, alias bombs, deep nesting,
 * several documents) is refused with a clear problem, never an exception. Immutable and thread-safe.
 *
 * <p>The format is documented in {@code docs/BRIEF.md}.
 */
public final class BriefParser {

    /** Largest brief accepted, in bytes. */
    public static final int MAX_FILE_BYTES = SourceText.MAX_BYTES;

    private static final Comparator<BriefProblem> FILE_ORDER = Comparator.comparingInt(BriefProblem::line).thenComparingInt(BriefProblem::column);

    private final Set<String> knownTemplateNames;
    private final java.time.Duration minScheduleInterval;

    /**
     * @param knownTemplateNames the template names a brief's {@code template:} may use (built-ins and the user's);
     *                           any other name is reported as unknown
     */
    public BriefParser(Collection<String> knownTemplateNames) {
        this(knownTemplateNames, CronRules.DEFAULT_MIN_INTERVAL);
    }

    /**
     * @param minScheduleInterval the shortest time allowed between two firings of a schedule (setting
     *                            {@code inkstone.schedule.minInterval})
     */
    public BriefParser(Collection<String> knownTemplateNames, java.time.Duration minScheduleInterval) {
        this.knownTemplateNames = Set.copyOf(knownTemplateNames);
        this.minScheduleInterval = minScheduleInterval;
    }

    /** The shortest time allowed between two firings of a schedule. */
    public java.time.Duration minScheduleInterval() { return minScheduleInterval; }

    /** Reads and validates {@code file}; an unreadable file is reported as a problem at 1:1, never thrown. */
    public BriefParseResult parse(Path file) {
        SourceText.Decoded decoded = SourceText.read(file);
        if (decoded.problem() != null) return BriefParseResult.invalid(List.of(decoded.problem()));
        return parseChecked(decoded.text(), file);
    }

    /**
     * Validates brief text.
     *
     * @param yamlText         the brief
     * @param fileForMessages  named in problems and used for the default id and {@link Brief#source()}; may be null
     */
    public BriefParseResult parse(String yamlText, Path fileForMessages) {
        SourceText.Decoded decoded = SourceText.fromString(yamlText, fileForMessages);
        if (decoded.problem() != null) return BriefParseResult.invalid(List.of(decoded.problem()));
        return parseChecked(decoded.text(), fileForMessages);
    }

    private BriefParseResult parseChecked(String text, Path file) {
        YamlDocument.Composed composed = YamlDocument.compose(text, file);
        if (composed.problem() != null) return BriefParseResult.invalid(List.of(composed.problem()));
        BriefReader reader = new BriefReader(file, knownTemplateNames, YamlDocument.settings(file), minScheduleInterval);
        Brief brief = reader.read(composed.root());
        if (brief != null) return BriefParseResult.valid(brief);
        return BriefParseResult.invalid(reader.problems().stream().sorted(FILE_ORDER).toList());
    }
}
