package io.inkstone.brief;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated writing brief. Only {@link BriefParser} makes these from YAML; every field has been checked.
 *
 * @param id           stable id (from the brief, or derived from the file name)
 * @param title        the piece's title (required)
 * @param type         kind of piece
 * @param language     BCP-47 tag, e.g. "zh-CN" or "en"
 * @param role         who the writer is ("a science-fiction novelist"), or null
 * @param task         what to write (required)
 * @param requirements explicit requirements, in order
 * @param audience     who reads it, or null
 * @param tone         tone, or null
 * @param style        style, or null
 * @param length       target length, or null for "as the type suggests"
 * @param examples     few-shot pairs
 * @param outline      user outline headings; empty = none given
 * @param autoOutline  true when the brief says {@code outline: auto}
 * @param template     template name under templates/, or null for the default for the brief
 * @param generation   sampling overrides
 * @param exports      formats to export beside the note; null when the brief does not say (the settings' default
 *                     formats apply), empty for "none" ({@code export: []} or {@code export: none})
 * @param vault        vault filing options
 * @param schedule     cron schedule, or null for a one-off brief
 * @param source       the file it came from, or null
 */
public record Brief(
        String id,
        String title,
        BriefType type,
        String language,
        String role,
        String task,
        List<String> requirements,
        String audience,
        String tone,
        String style,
        Length length,
        List<Example> examples,
        List<String> outline,
        boolean autoOutline,
        String template,
        GenerationOverrides generation,
        List<ExportFormat> exports,
        VaultOptions vault,
        Schedule schedule,
        Path source) {

    public Brief {
        requirements = requirements == null ? List.of() : List.copyOf(requirements);
        examples = examples == null ? List.of() : List.copyOf(examples);
        outline = outline == null ? List.of() : List.copyOf(outline);
        exports = exports == null ? null : List.copyOf(exports);
        generation = generation == null ? GenerationOverrides.NONE : generation;
        vault = vault == null ? VaultOptions.DEFAULT : vault;
    }

    /** The formats to export: the brief's own choice, or {@code defaults} when it made none. */
    public List<ExportFormat> exportsOr(List<ExportFormat> defaults) {
        return exports == null ? defaults : exports;
    }

    /** True for Chinese, Japanese (and other languages counted in characters). */
    public boolean isCjk() {
        String l = language == null ? "" : language.toLowerCase(java.util.Locale.ROOT);
        return l.startsWith("zh") || l.startsWith("ja") || l.startsWith("ko");
    }
}
