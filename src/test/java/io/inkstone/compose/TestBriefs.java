package io.inkstone.compose;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.GenerationOverrides;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import java.util.List;

/** Briefs for composer tests. */
final class TestBriefs {

    private TestBriefs() {}

    static Brief chinese(String title, BriefType type, Length length) {
        return brief(title, type, "zh-CN", length, List.of(), false, GenerationOverrides.NONE, "写一个故事。");
    }

    static Brief english(String title, BriefType type, Length length) {
        return brief(title, type, "en", length, List.of(), false, GenerationOverrides.NONE, "Write it.");
    }

    static Brief withOutline(Brief b, List<String> outline) {
        return brief(b.title(), b.type(), b.language(), b.length(), outline, b.autoOutline(), b.generation(), b.task());
    }

    static Brief withTask(Brief b, String task) {
        return brief(b.title(), b.type(), b.language(), b.length(), b.outline(), b.autoOutline(), b.generation(), task);
    }

    static Brief withGeneration(Brief b, GenerationOverrides generation) {
        return brief(b.title(), b.type(), b.language(), b.length(), b.outline(), b.autoOutline(), generation, b.task());
    }

    static Length characters(int value) {
        return new Length(value, LengthUnit.CHARACTERS);
    }

    static Length words(int value) {
        return new Length(value, LengthUnit.WORDS);
    }

    private static Brief brief(String title, BriefType type, String language, Length length, List<String> outline,
                               boolean autoOutline, GenerationOverrides generation, String task) {
        return new Brief("test-brief", title, type, language, null, task, List.of(), null, null, null, length,
                List.of(), outline, autoOutline, null, generation, List.of(), null, null, null);
    }
}
