package io.inkstone.vault;

import io.inkstone.brief.Brief;
import io.inkstone.llm.StopReason;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Obsidian properties (YAML front matter) for a note. Values are written with snakeyaml-engine, so titles with
 * colons, quotes, Chinese or emoji come back exactly as they were.
 */
public final class FrontMatter {

    /** Property names Inkstone writes; a brief's extra properties cannot replace them. */
    public static final List<String> RESERVED = List.of(
            "title", "created", "tags", "aliases", "type", "language", "model", "brief",
            "length_target", "length_achieved", "length_unit", "stop_reasons",
            "generated_tokens", "tokens_per_second", "generation_seconds", "exports");

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private FrontMatter() {}

    /** The properties of a note, in the order Obsidian shows them; exports are added once they exist. */
    static Map<String, Object> properties(Brief brief, GenerationSummary generation, ZonedDateTime created) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("title", brief.title());
        p.put("created", CREATED.format(created.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS)));
        List<String> tags = new ArrayList<>(new LinkedHashSet<>(brief.vault().tags().stream().map(SafeNames::tag)
                .filter(t -> t != null).toList()));
        if (!tags.isEmpty()) p.put("tags", tags);
        if (!brief.vault().aliases().isEmpty()) p.put("aliases", brief.vault().aliases());
        p.put("type", brief.type().yamlName());
        if (brief.language() != null) p.put("language", brief.language());
        p.put("model", generation.modelName());
        if (brief.source() != null) p.put("brief", brief.source().getFileName().toString());
        if (generation.target() != null) p.put("length_target", generation.target().value());
        p.put("length_achieved", generation.achievedLength());
        p.put("length_unit", generation.lengthUnit().name().toLowerCase(java.util.Locale.ROOT));
        p.put("stop_reasons", generation.stopReasons().stream().map(StopReason::label).toList());
        p.put("generated_tokens", generation.generatedTokens());
        p.put("tokens_per_second", oneDecimal(generation.tokensPerSecond()));
        p.put("generation_seconds", oneDecimal(generation.took().toMillis() / 1000.0));
        brief.vault().properties().forEach((key, value) -> {
            if (!RESERVED.contains(key)) p.put(key, value);
        });
        return p;
    }

    /** {@code ---\n<yaml>---\n} for the given properties. */
    static String render(Map<String, Object> properties) {
        DumpSettings settings = DumpSettings.builder()
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setSplitLines(false)
                .build();
        return "---\n" + new Dump(settings).dumpToString(properties) + "---\n";
    }

    private static double oneDecimal(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
