package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each malformed brief must give exactly the expected problems, each located ({@code bad.yaml:line:column: })
 * and saying what is wrong (and, where one helps, what to do).
 */
class MalformedBriefTest {

    private static final Path FILE = Path.of("bad.yaml");
    private static final BriefParser PARSER = new BriefParser(List.of("role-task-requirement", "few-shot", "outline", "section"));

    /** A brief that is valid up to the line under test: line 1 title, line 2 task, the case starts on line 3. */
    private static String brief(String rest) {
        return "title: The Lighthouse\ntask: Write a story about a lighthouse keeper.\n" + rest;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // required keys
                Arguments.of("missing title", "task: Write something.\n", List.of("bad.yaml:1:1: missing required key `title` (add a line such as")),
                Arguments.of("missing task", "title: Night Train\n", List.of("bad.yaml:1:1: missing required key `task`")),
                Arguments.of("empty title", "title: \"\"\ntask: Write.\n", List.of("bad.yaml:1:8: `title` is empty")),
                Arguments.of("empty task", "title: T\ntask:\n", List.of("bad.yaml:2:6: `task` is empty")),
                Arguments.of("title too long", "title: " + "x".repeat(201) + "\ntask: Write.\n",
                        List.of("bad.yaml:1:8: `title` is 201 characters long; the limit is 200")),
                Arguments.of("control character in title", "title: \"Bell\\x07\"\ntask: Write.\n",
                        List.of("bad.yaml:1:8: `title` contains the control character U+0007")),
                Arguments.of("title over two lines", "title: \"First\\nSecond\"\ntask: Write.\n",
                        List.of("bad.yaml:1:8: `title` must be one line (remove the line break)")),
                // unknown and misplaced keys
                Arguments.of("misspelt key", brief("requirments:\n  - short\n"),
                        List.of("bad.yaml:3:1: unknown key `requirments` (did you mean `requirements`?)")),
                Arguments.of("key in the wrong section", brief("temperature: 0.7\n"),
                        List.of("bad.yaml:3:1: unknown key `temperature` (`temperature` belongs under `generation:`)")),
                Arguments.of("key with no near match", brief("colour: blue\n"),
                        List.of("bad.yaml:3:1: unknown key `colour` (keys: id, title, type")),
                Arguments.of("duplicate key", brief("title: Again\n"),
                        List.of("bad.yaml:3:1: `title` is given twice (first on line 1) (remove one of them)")),
                Arguments.of("key that is a list", brief("? [a, b]\n: c\n"), List.of("bad.yaml:3:3: a key must be a plain word, found a list")),
                // wrong types
                Arguments.of("requirements is a number", brief("requirements: 5\n"),
                        List.of("bad.yaml:3:15: `requirements` must be a list of strings, found a number")),
                Arguments.of("requirement with an unquoted colon", brief("requirements:\n  - Note: keep it short\n"),
                        List.of("bad.yaml:4:5: `requirements` item 1 must be a string, found a map (text that contains `: ` must be put in quotes")),
                Arguments.of("empty requirement", brief("requirements:\n  - fine\n  -\n"),
                        List.of("bad.yaml:5:4: `requirements` item 2 is empty")),
                Arguments.of("title is a list", "title: [a, b]\ntask: Write.\n", List.of("bad.yaml:1:8: `title` must be a string, found a list")),
                Arguments.of("unsupported tag", brief("role: !poet Li Bai\n"), List.of("bad.yaml:3:7: `role` has an unsupported YAML tag `!poet`")),
                // type, language
                Arguments.of("unknown type", brief("type: artcle\n"), List.of("bad.yaml:3:7: unknown type `artcle` (did you mean `article`?)")),
                Arguments.of("language name instead of tag", brief("language: chinese\n"),
                        List.of("bad.yaml:3:11: `language` must be a language tag like `zh-CN` or `en`, found `chinese` (did you mean `zh-CN`?)")),
                Arguments.of("unknown region", brief("language: zh-XX\n"), List.of("bad.yaml:3:11: `language` has an unknown region `XX`")),
                // length
                Arguments.of("unreadable length", brief("length: three thousand words\n"),
                        List.of("bad.yaml:3:9: cannot read `length: three thousand words` (write a number and a unit, e.g. `3000字`")),
                Arguments.of("length range", brief("length: 2000-3000字\n"), List.of("bad.yaml:3:9: `length` is a range (`2000-3000字`); give one target")),
                Arguments.of("zero length", brief("length: 0字\n"), List.of("bad.yaml:3:9: `length` must be at least 1")),
                Arguments.of("length over the limit", brief("length: 500000 words\n"),
                        List.of("bad.yaml:3:9: `length` of `500000 words` is more than the limit of 100000")),
                Arguments.of("fractional length", brief("length: 800.5\n"), List.of("bad.yaml:3:9: `length` must be a whole number, found `800.5`")),
                Arguments.of("length map with a misspelt key", brief("length: {valeu: 800}\n"),
                        List.of("bad.yaml:3:9: `length` needs a `value`", "bad.yaml:3:10: unknown key `valeu` in `length` (did you mean `length.value`?)")),
                Arguments.of("length map with an unknown unit", brief("length: {value: 800, unit: pages}\n"),
                        List.of("bad.yaml:3:28: unknown `length.unit` `pages` (use `words`, `characters` or `字`)")),
                // examples, outline, template
                Arguments.of("examples is a map", brief("examples: {input: a, output: b}\n"),
                        List.of("bad.yaml:3:11: `examples` must be a list of `input`/`output` pairs, found a map")),
                Arguments.of("example without output", brief("examples:\n  - input: a sad letter\n"),
                        List.of("bad.yaml:4:5: `examples` item 1 has no `output`")),
                Arguments.of("example with a misspelt key", brief("examples:\n  - input: a\n    ouput: b\n"),
                        List.of("bad.yaml:4:5: `examples` item 1 has no `output`", "bad.yaml:5:5: unknown key `ouput` in `examples` (did you mean `examples.output`?)")),
                Arguments.of("outline neither auto nor a list", brief("outline: yes\n"),
                        List.of("bad.yaml:3:10: `outline` must be `auto` or a list of section headings, found `yes`")),
                Arguments.of("unknown template", brief("template: fewshot\nexamples:\n  - {input: a, output: b}\n"),
                        List.of("bad.yaml:3:11: unknown template `fewshot` (did you mean `few-shot`?")),
                Arguments.of("few-shot without examples", brief("template: few-shot\n"), List.of("bad.yaml:3:11: `template: few-shot` needs `examples`")),
                // generation
                Arguments.of("temperature out of range", brief("generation:\n  temperature: 7.5\n"),
                        List.of("bad.yaml:4:16: `generation.temperature` must be between 0 (greedy) and 5, found 7.5")),
                Arguments.of("top_p of zero", brief("generation: {top_p: 0}\n"),
                        List.of("bad.yaml:3:21: `generation.top_p` must be between 0 (exclusive) and 1, found 0")),
                Arguments.of("negative top_k", brief("generation: {top_k: -1}\n"), List.of("bad.yaml:3:21: `generation.top_k` must be 0 (off) or more, found -1")),
                Arguments.of("min_p of one", brief("generation: {min_p: 1}\n"), List.of("bad.yaml:3:21: `generation.min_p` must be between 0 and 1 (exclusive), found 1")),
                Arguments.of("repetition penalty below one", brief("generation: {repetition_penalty: 0.5}\n"),
                        List.of("bad.yaml:3:34: `generation.repetition_penalty` must be between 1 (off) and 3, found 0.5")),
                Arguments.of("too many new tokens", brief("generation: {max_new_tokens: 100000}\n"),
                        List.of("bad.yaml:3:30: `generation.max_new_tokens` must be between 1 and 32768, found 100000")),
                Arguments.of("fractional seed", brief("generation: {seed: 1.5}\n"), List.of("bad.yaml:3:20: `generation.seed` must be a whole number, found `1.5`")),
                Arguments.of("seed beyond 64 bits", brief("generation: {seed: 99999999999999999999}\n"),
                        List.of("bad.yaml:3:20: `generation.seed` must be a whole number that fits in 64 bits")),
                Arguments.of("thinking as yes", brief("generation: {thinking: yes}\n"),
                        List.of("bad.yaml:3:24: `generation.thinking` must be `true` or `false`, found a string")),
                Arguments.of("quoted number", brief("generation: {temperature: \"0.7\"}\n"),
                        List.of("bad.yaml:3:27: `generation.temperature` must be a number, found a string (write the number without quotes)")),
                Arguments.of("camelCase sampling key", brief("generation: {topP: 0.9}\n"),
                        List.of("bad.yaml:3:14: unknown key `topP` in `generation` (did you mean `generation.top_p`?)")),
                Arguments.of("generation is a list", brief("generation: [0.7]\n"), List.of("bad.yaml:3:13: `generation` must be a map of sampling settings, found a list")),
                // export
                Arguments.of("unknown export format", brief("export: [pdf, epbu]\n"), List.of("bad.yaml:3:15: unknown export format `epbu` (did you mean `epub`?)")),
                Arguments.of("export as a single word", brief("export: pdf\n"), List.of("bad.yaml:3:9: `export` must be a list of formats, found a string (e.g. `export: [pdf, epub]`)")),
                // vault
                Arguments.of("absolute vault folder", brief("vault: {folder: /etc/notes}\n"),
                        List.of("bad.yaml:3:17: `vault.folder` must be a folder inside the vault, found the absolute path `/etc/notes`")),
                Arguments.of("vault folder escaping", brief("vault:\n  folder: Writing/../../outside\n"),
                        List.of("bad.yaml:4:11: `vault.folder` must stay inside the vault; `..` is not allowed")),
                Arguments.of("tag with a space", brief("vault:\n  tags: [fiction, my tag]\n"), List.of("bad.yaml:4:19: `vault.tags` has an invalid tag `my tag`")),
                Arguments.of("tag of digits only", brief("vault:\n  tags: [2024]\n"), List.of("bad.yaml:4:10: `vault.tags` has the tag `2024`, which is only digits")),
                Arguments.of("reserved property", brief("vault:\n  properties:\n    created: yesterday\n"),
                        List.of("bad.yaml:5:5: `vault.properties` cannot set `created` (Inkstone writes `created`: the time the note was made)")),
                Arguments.of("property the vault writes from the model's run", brief("vault:\n  properties:\n    stop_reasons: [eos]\n"),
                        List.of("bad.yaml:5:5: `vault.properties` cannot set `stop_reasons` (Inkstone writes `stop_reasons` itself")),
                Arguments.of("exports property", brief("vault:\n  properties:\n    Exports: none\n"),
                        List.of("bad.yaml:5:5: `vault.properties` cannot set `Exports` (Inkstone writes `exports`: the PDF/EPUB files")),
                Arguments.of("tags as a property", brief("vault:\n  properties:\n    tags: [a]\n"),
                        List.of("bad.yaml:5:5: `vault.properties` cannot set `tags` (Inkstone writes `tags` from `vault.tags`; list them there)")),
                Arguments.of("nested property", brief("vault:\n  properties:\n    meta: {a: 1}\n"),
                        List.of("bad.yaml:5:11: `vault.properties.meta` must be a value or a list of values, found a map")),
                Arguments.of("misspelt vault key", brief("vault: {folderr: Notes}\n"), List.of("bad.yaml:3:9: unknown key `folderr` in `vault` (did you mean `vault.folder`?)")),
                // schedule
                Arguments.of("hour out of range", brief("schedule: {cron: \"0 0 25 * * ?\"}\n"),
                        List.of("bad.yaml:3:18: invalid cron expression `0 0 25 * * ?`: Hour values must be between 0 and 23")),
                Arguments.of("cron with three fields", brief("schedule: {cron: \"* * *\"}\n"), List.of("bad.yaml:3:18: `schedule.cron` has 3 fields")),
                Arguments.of("unix cron with day and weekday", brief("schedule:\n  cron: 0 7 1 * 1\n"),
                        List.of("bad.yaml:4:9: `schedule.cron` sets both a day of the month (`1`) and a day of the week (`1`)")),
                Arguments.of("schedule without cron", brief("schedule:\n  timezone: UTC\n"), List.of("bad.yaml:4:3: `schedule` needs a `cron` expression")),
                Arguments.of("misspelt time zone", brief("schedule: {cron: \"0 7 * * *\", timezone: Asia/Shangai}\n"),
                        List.of("bad.yaml:3:41: unknown time zone `Asia/Shangai` (did you mean `Asia/Shanghai`?)")),
                Arguments.of("misspelt schedule key", brief("schedule: {cron: \"0 7 * * *\", timezon: UTC}\n"),
                        List.of("bad.yaml:3:31: unknown key `timezon` in `schedule` (did you mean `schedule.timezone`?)")),
                Arguments.of("schedule as a word", brief("schedule: daily\n"),
                        List.of("bad.yaml:3:11: `schedule` must be a map with `cron` (and optionally `timezone`), found a string")),
                Arguments.of("vault as a list", brief("vault: [Notes]\n"), List.of("bad.yaml:3:8: `vault` must be a map (`folder`, `tags`, `aliases`, `properties`), found a list")),
                // id
                Arguments.of("invalid id", brief("id: My Story!\n"), List.of("bad.yaml:3:5: `id` must be 1–64 lowercase letters, digits, `-` or `_`, starting with a letter or digit; found `My Story!` (e.g. `my-story`)")),
                // shape and syntax
                Arguments.of("a list, not a map", "- title: a\n- task: b\n", List.of("bad.yaml:1:1: a brief must be a map of `key: value` lines (such as `title: …`), found a list")),
                Arguments.of("plain text", "Write me a story about the sea.\n", List.of("bad.yaml:1:1: a brief must be a map of `key: value` lines")),
                Arguments.of("unquoted colon in a value", "title: T\ntask: Note: write it\n", List.of("bad.yaml:2:11: unexpected `:` here")),
                Arguments.of("unclosed quote", "title: \"The Lighthouse\ntask: x\n", List.of("bad.yaml:1:8: this quoted text is never closed (add the closing quote)")),
                Arguments.of("undefined alias", brief("role: *writer\n"), List.of("bad.yaml:3:7: `*writer` refers to an anchor that is not defined")),
                Arguments.of("bad indentation", "title: T\ntask: x\n  requirements:\n    - a\n", List.of("bad.yaml:3:15: unexpected `:` here")),
                Arguments.of("tab indentation", "title: T\ntask: x\nvault:\n\tfolder: Notes\n", List.of("bad.yaml:4:1: a tab is used for indentation; YAML allows only spaces there")),
                Arguments.of("markdown emphasis at the start of a value", brief("requirements:\n  - *bold* claims only\n"),
                        List.of("bad.yaml:4:10: YAML syntax error: unexpected character found *(42) (`*` and `&` at the start of a value mark YAML aliases and anchors; put the value in quotes)")),
                Arguments.of("reserved character at the start of a value", brief("requirements:\n  - @mention the author\n"),
                        List.of("bad.yaml:4:5: a value cannot start with the character '@' in YAML (put the value in quotes)")),
                Arguments.of("stray closing bracket", brief("requirements: [a, b]]\n"), List.of("bad.yaml:3:21: unexpected `]` here (check the brackets")),
                Arguments.of("unclosed bracket", brief("export: [pdf, epub\n"), List.of("bad.yaml:4:1: YAML syntax error: expected ',' or ']', but got <stream end> (check the brackets")),
                Arguments.of("key out of line", brief("vault:\n  folder: a\n tags: [x]\n"), List.of("bad.yaml:5:2: the indentation here does not fit the lines above")),
                Arguments.of("two documents", "title: A\ntask: x\n---\ntitle: B\ntask: y\n", List.of("bad.yaml:3:1: the file holds more than one YAML document")),
                Arguments.of("empty file", "", List.of("bad.yaml:1:1: the brief is empty")),
                Arguments.of("only comments", "# title: later\n\n", List.of("bad.yaml:1:1: the brief is empty")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_report_each_problem_located(String name, String yaml, List<String> expected) {
        BriefParseResult result = PARSER.parse(yaml, FILE);

        assertThat(result.ok()).as("valid?").isFalse();
        assertThat(result.brief()).isNull();
        List<String> lines = result.problems().stream().map(BriefProblem::format).toList();
        assertThat(lines).as("problems of <%s>", name).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) assertThat(lines.get(i)).startsWith(expected.get(i));
    }
}
