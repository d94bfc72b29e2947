package io.inkstone.compose;

import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.ChatMessage;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.llm.Role;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain, machine-readable prompt templates for composer tests (the real templates' wording is the prompt
 * part's business): a scripted generator reads the variables back out of the user message.
 */
final class TestPrompts {

    private TestPrompts() {}

    private static final String PIECE = """
            ---
            name: role-task-requirement
            description: test one-shot prompt
            types: [any]
            variables: [title, task]
            ---

            ## user

            PIECE [{{ title }}] {{ task }}
            """;
    private static final String OUTLINE = """
            ---
            name: outline
            description: test outline prompt
            types: [any]
            variables: [title, sectionCount, targetLength, strict]
            ---

            ## user

            OUTLINE [{{ title }}] count={{ sectionCount }} length={{ targetLength }} strict={{ strict }}
            """;
    private static final String SECTION = """
            ---
            name: section
            description: test section prompt
            types: [any]
            variables: [title, outline, sectionIndex, sectionCount, sectionHeading, sectionBudget, previousTail, summary]
            ---

            ## user

            SECTION {{ sectionIndex }}/{{ sectionCount }} [{{ sectionHeading }}] budget={{ sectionBudget }}
            OUTLINE {% for heading in outline %}{{ heading }}|{% endfor %}
            TAIL<<{{ previousTail }}>>
            SUMMARY<<{{ summary }}>>
            """;

    /** A prompt builder over the built-ins with the three test templates on top. */
    static PromptBuilder builder(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("role-task-requirement.md"), PIECE);
            Files.writeString(folder.resolve("outline.md"), OUTLINE);
            Files.writeString(folder.resolve("section.md"), SECTION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PromptBuilder(TemplateLibrary.load(folder));
    }

    /** The last user message of a request. */
    static String user(GenerationRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) return messages.get(i).content();
        }
        throw new AssertionError("no user message in " + messages);
    }

    static boolean isOutline(GenerationRequest request) {
        return user(request).startsWith("OUTLINE");
    }

    static boolean isStrictOutline(GenerationRequest request) {
        return user(request).startsWith("OUTLINE") && user(request).contains("strict=true");
    }

    private static final Pattern SECTION_LINE = Pattern.compile("SECTION (\\d+)/(\\d+) \\[(.*?)] budget=(.*)");

    /** What a section request asks for. */
    record SectionAsk(int index, int count, String heading, String budget, String previousTail, String summary) {}

    static SectionAsk section(GenerationRequest request) {
        String user = user(request);
        Matcher line = SECTION_LINE.matcher(user);
        if (!line.find()) throw new AssertionError("not a section request: " + user);
        return new SectionAsk(Integer.parseInt(line.group(1)), Integer.parseInt(line.group(2)), line.group(3),
                line.group(4).strip(), between(user, "TAIL<<", ">>"), between(user, "SUMMARY<<", ">>"));
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }

    /** Chinese prose of at least {@code characters} 字, every sentence different: 第s节第k句…。 */
    static String prose(int section, int characters) {
        StringBuilder text = new StringBuilder();
        for (int k = 1; LengthCounter.count(text.toString(), io.inkstone.brief.LengthUnit.CHARACTERS) < characters; k++) {
            text.append("第").append(section).append("节第").append(k).append("句讲了一件新鲜事情。");
            if (k % 5 == 0) text.append("\n\n");
        }
        return text.toString().strip();
    }

    /** English prose of at least {@code words} words, every sentence different. */
    static String englishProse(int section, int words) {
        StringBuilder text = new StringBuilder();
        for (int k = 1; LengthCounter.count(text.toString(), io.inkstone.brief.LengthUnit.WORDS) < words; k++) {
            text.append("Part ").append(section).append(" sentence ").append(k).append(" tells something new. ");
        }
        return text.toString().strip();
    }
}
