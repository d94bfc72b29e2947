package io.inkstone.prompt;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.Example;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import java.util.List;

/** Briefs for prompt tests, built directly (the brief parser is another package's concern). */
final class Briefs {

    private Briefs() {}

    /** A Chinese story brief with every field set. */
    static Brief zhStory() {
        return new Brief("autumn-story", "秋天的告别", BriefType.STORY, "zh-CN", "一位擅长细腻描写的短篇小说作家",
                "写一个关于老人和他养了十年的猫在秋天告别的故事。",
                List.of("以第三人称叙述", "结尾留有余味，不要直接点明主题"),
                "喜欢文学的成年读者", "温暖而克制", "白描，多用细节",
                new Length(3000, LengthUnit.CHARACTERS), List.of(), List.of(), false, null,
                null, List.of(), null, null, null);
    }

    /** An English blog-post brief with only the required fields and a length. */
    static Brief enPost() {
        return new Brief("local-llms", "Why run language models locally", BriefType.POST, "en", null,
                "Explain to a general audience why someone might run a language model on their own computer.",
                List.of(), null, null, null, new Length(800, LengthUnit.WORDS), List.of(), List.of(), false, null,
                null, List.of(), null, null, null);
    }

    /** The Chinese story brief with two few-shot examples. */
    static Brief zhStoryWithExamples() {
        Brief b = zhStory();
        return new Brief(b.id(), b.title(), b.type(), b.language(), b.role(), b.task(), b.requirements(), b.audience(),
                b.tone(), b.style(), b.length(),
                List.of(new Example("写一段悲伤的告别信的开头", "亲爱的你，当我写下这封信时，窗外的雨已经下了三天……"),
                        new Example("写一段春天清晨的描写", "天刚亮，巷子口的豆浆铺已经冒出了白气。")),
                b.outline(), b.autoOutline(), null, b.generation(), b.exports(), b.vault(), b.schedule(), b.source());
    }

    /** The English post brief, naming a template. */
    static Brief enPostWithTemplate(String template) {
        Brief b = enPost();
        return new Brief(b.id(), b.title(), b.type(), b.language(), b.role(), b.task(), b.requirements(), b.audience(),
                b.tone(), b.style(), b.length(), b.examples(), b.outline(), b.autoOutline(), template, b.generation(),
                b.exports(), b.vault(), b.schedule(), b.source());
    }
}
