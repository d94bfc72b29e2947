package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid briefs: every field read, defaults applied, several problems reported together. */
class BriefParserTest {

    private static final BriefParser PARSER = new BriefParser(List.of("role-task-requirement", "few-shot", "outline", "section"));

    private static Brief valid(String yaml, String fileName) {
        BriefParseResult result = PARSER.parse(yaml, fileName == null ? null : Path.of(fileName));
        assertThat(result.problems()).as("problems").isEmpty();
        assertThat(result.ok()).isTrue();
        return result.brief();
    }

    @Test
    void should_read_every_field() {
        Brief brief = valid("""
                id: night-ferry
                title: The Night Ferry
                type: Story
                language: en_gb
                role: A novelist
                task: |
                  Write a story about
                  the last ferry.
                requirements: [Short sentences, "Open in motion: no preamble"]
                audience: Adults
                tone: Quiet
                style: Close third person
                length: {value: 1500, unit: words}
                examples:
                  - input: a story about a bus
                    output: The bus was late.
                outline: [Departure, Crossing, Arrival]
                template: few-shot
                generation: {temperature: 0, top_p: 1, top_k: 0, min_p: 0, repetition_penalty: 1, max_new_tokens: 32768, seed: -7, thinking: true}
                export: [PDF, epub, pdf]
                vault:
                  folder: ./Writing\\Stories/
                  tags: ["#fiction", sea/ferries, fiction]
                  aliases: [Ferry]
                  properties: {status: draft, rating: 4, score: 0.5, final: false, readers: [Ann, 3]}
                schedule: {cron: "30 6 * * 1-5", timezone: Europe/Berlin}
                """, "briefs/ferry.yaml");

        assertThat(brief.id()).isEqualTo("night-ferry");
        assertThat(brief.title()).isEqualTo("The Night Ferry");
        assertThat(brief.type()).isEqualTo(BriefType.STORY);
        assertThat(brief.language()).isEqualTo("en-GB");
        assertThat(brief.role()).isEqualTo("A novelist");
        assertThat(brief.task()).isEqualTo("Write a story about\nthe last ferry.");
        assertThat(brief.requirements()).containsExactly("Short sentences", "Open in motion: no preamble");
        assertThat(brief.audience()).isEqualTo("Adults");
        assertThat(brief.tone()).isEqualTo("Quiet");
        assertThat(brief.style()).isEqualTo("Close third person");
        assertThat(brief.length()).isEqualTo(new Length(1500, LengthUnit.WORDS));
        assertThat(brief.examples()).containsExactly(new Example("a story about a bus", "The bus was late."));
        assertThat(brief.outline()).containsExactly("Departure", "Crossing", "Arrival");
        assertThat(brief.autoOutline()).isFalse();
        assertThat(brief.template()).isEqualTo("few-shot");
        assertThat(brief.generation()).isEqualTo(new GenerationOverrides(0.0, 1.0, 0, 0.0, 1.0, 32768, -7L, true));
        assertThat(brief.exports()).containsExactly(ExportFormat.PDF, ExportFormat.EPUB);
        assertThat(brief.vault().folder()).isEqualTo("Writing/Stories");
        assertThat(brief.vault().tags()).containsExactly("fiction", "sea/ferries");
        assertThat(brief.vault().aliases()).containsExactly("Ferry");
        assertThat(brief.vault().properties()).containsExactly(Map.entry("status", "draft"), Map.entry("rating", 4), Map.entry("score", 0.5),
                Map.entry("final", false), Map.entry("readers", List.of("Ann", 3)));
        assertThat(brief.schedule()).isEqualTo(new Schedule("0 30 6 ? * 2-6", "Europe/Berlin"));
        assertThat(brief.source()).isEqualTo(Path.of("briefs/ferry.yaml"));
    }

    @Test
    void should_apply_defaults_to_a_minimal_english_brief() {
        Brief brief = valid("title: Notes on Rain\ntask: Write a short essay on rain.\n", "inbox/Notes on Rain.brief.yaml");

        assertThat(brief.id()).isEqualTo("notes-on-rain");
        assertThat(brief.type()).isEqualTo(BriefType.ARTICLE);
        assertThat(brief.language()).isEqualTo("en");
        assertThat(brief.length()).isNull();
        assertThat(brief.requirements()).isEmpty();
        assertThat(brief.template()).isNull();
        assertThat(brief.generation()).isEqualTo(GenerationOverrides.NONE);
        assertThat(brief.vault()).isEqualTo(VaultOptions.DEFAULT);
        assertThat(brief.schedule()).isNull();
        assertThat(brief.exports()).as("not given: the settings' default formats apply").isNull();
    }

    @Test
    void should_accept_properties_inkstone_never_writes_such_as_id_and_source() {
        Brief brief = valid("title: T\ntask: Write.\nvault:\n  properties:\n    id: essay-7\n    source: interview notes\n", "b.yaml");
        assertThat(brief.vault().properties()).containsEntry("id", "essay-7").containsEntry("source", "interview notes");
        assertThat(ReservedProperties.isReserved("id")).isFalse();
        assertThat(ReservedProperties.isReserved("Stop_Reasons")).isTrue();
    }

    @Test
    void should_read_an_empty_export_list_or_none_as_no_exports() {
        for (String export : List.of("[]", "none")) {
            BriefParseResult result = PARSER.parse("title: T\ntask: Write.\nexport: " + export + "\n", Path.of("b.yaml"));
            assertThat(result.problems()).isEmpty();
            assertThat(result.brief().exports()).as("export: " + export).isEmpty();
            assertThat(result.brief().exportsOr(List.of(ExportFormat.PDF))).isEmpty();
        }
    }

    @Test
    void should_default_to_chinese_and_count_characters_when_the_text_is_chinese() {
        Brief brief = valid("title: 雨\ntask: 写一篇关于雨的散文。\nlength: 800\n", "雨.yaml");

        assertThat(brief.language()).isEqualTo("zh-CN");
        assertThat(brief.isCjk()).isTrue();
        assertThat(brief.length()).isEqualTo(new Length(800, LengthUnit.CHARACTERS));
        assertThat(brief.id()).matches("brief-[0-9a-f]{8}");
        assertThat(valid("title: 雨\ntask: 写。\n", "雨.yaml").id()).as("stable").isEqualTo(brief.id());
    }

    @Test
    void should_default_to_japanese_when_the_text_has_kana() {
        assertThat(valid("title: 雨の日\ntask: 短い随筆を書いてください。\n", null).language()).isEqualTo("ja");
    }

    @Test
    void should_use_brief_as_the_id_when_there_is_no_file() {
        assertThat(valid("title: Café Society!\ntask: x\n", null).id()).isEqualTo("brief");
    }

    @ParameterizedTest(name = "{0} with language {1}")
    @CsvSource(delimiter = '|', value = {
            "3000字|en|3000|CHARACTERS",
            "3000 字|en|3000|CHARACTERS",
            "约3000字|en|3000|CHARACTERS",
            "3千字|en|3000|CHARACTERS",
            "1.5万字|zh-CN|15000|CHARACTERS",
            "３０００字左右|en|3000|CHARACTERS",
            "3,000 characters|en|3000|CHARACTERS",
            "800 words|zh-CN|800|WORDS",
            "about 800 English words|zh-CN|800|WORDS",
            "1.5k words|en|1500|WORDS",
            "~800 words|en|800|WORDS",
            "3000 chars|en|3000|CHARACTERS",
            "800|en|800|WORDS",
            "800|zh-CN|800|CHARACTERS",
            "'800'|ja|800|CHARACTERS",
            "{value: 3000, unit: 字}|en|3000|CHARACTERS",
            "{value: 800}|zh-CN|800|CHARACTERS",
            "{value: 800, unit: Words}|zh-CN|800|WORDS"})
    void should_read_length_forms(String length, String language, int value, LengthUnit unit) {
        Brief brief = valid("title: T\ntask: x\nlanguage: " + language + "\nlength: " + length + "\n", "t.yaml");

        assertThat(brief.length()).isEqualTo(new Length(value, unit));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"zh-CN,zh-CN", "zh_cn,zh-CN", "ZH,zh", "zh-Hans,zh-Hans", "zh-hant-tw,zh-Hant-TW", "en,en", "EN-us,en-US", "en-419,en-419",
            "ja,ja", "yue,yue"})
    void should_normalize_language_tags(String written, String tag) {
        assertThat(valid("title: T\ntask: x\nlanguage: " + written + "\n", "t.yaml").language()).isEqualTo(tag);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0 0 7 * * ?|0 0 7 * * ?",
            "0 0 7 * * *|0 0 7 * * ?",
            "0 7 * * *|0 0 7 * * ?",
            "*/15 9-17 * * 1-5|0 */15 9-17 ? * 2-6",
            "0 8 * * 0,7|0 0 8 ? * 1,1",
            "0 8 1 * *|0 0 8 1 * ?",
            "0 9 * * MON|0 0 9 ? * MON",
            "@daily|0 0 0 * * ?",
            "0 0 12 ? * WED 2030|0 0 12 ? * WED 2030"})
    void should_read_cron_forms_into_quartz(String cron, String quartz) {
        Brief brief = valid("title: T\ntask: x\nschedule: {cron: \"" + cron + "\", timezone: UTC}\n", "t.yaml");

        assertThat(brief.schedule()).isEqualTo(new Schedule(quartz, "UTC"));
    }

    @Test
    void should_default_the_time_zone_to_the_system_zone() {
        Brief brief = valid("title: T\ntask: x\nschedule:\n  cron: 0 7 * * *\n", "t.yaml");

        assertThat(brief.schedule().timezone()).isEqualTo(ZoneId.systemDefault().getId());
    }

    @Test
    void should_accept_outline_auto_and_chinese_type_names() {
        Brief brief = valid("title: 雨\ntask: 写\ntype: 小说\noutline: Auto\n", "t.yaml");

        assertThat(brief.autoOutline()).isTrue();
        assertThat(brief.outline()).isEmpty();
        assertThat(brief.type()).isEqualTo(BriefType.STORY);
    }

    @Test
    void should_allow_hostile_looking_titles_that_the_vault_makes_safe() {
        assertThat(valid("title: ../../etc/passwd\ntask: x\n", "t.yaml").title()).isEqualTo("../../etc/passwd");
    }

    @Test
    void should_accept_a_numeric_title_as_written() {
        assertThat(valid("title: 1984\ntask: x\n", "t.yaml").title()).isEqualTo("1984");
    }

    @Test
    void should_report_all_problems_at_once_in_file_order() {
        BriefParseResult result = PARSER.parse("""
                title: T
                tittle: T2
                task: x
                length: lots
                generation:
                  temperature: 9
                export: [docx]
                """, Path.of("four.yaml"));

        assertThat(result.problems()).extracting(BriefProblem::format).containsExactly(
                "four.yaml:2:1: unknown key `tittle` (did you mean `title`?)",
                "four.yaml:4:9: cannot read `length: lots` (write a number and a unit, e.g. `3000字`, `约3000字`, `800 words`, or `{value: 800, unit: words}`)",
                "four.yaml:6:16: `generation.temperature` must be between 0 (greedy) and 5, found 9",
                "four.yaml:7:10: unknown export format `docx` (formats: pdf, epub)");
    }

    @Test
    void should_say_which_templates_exist_when_none_is_close() {
        BriefParseResult result = new BriefParser(List.of("few-shot", "outline")).parse("title: T\ntask: x\ntemplate: sonnet\n", Path.of("t.yaml"));

        assertThat(result.problems()).extracting(BriefProblem::format)
                .containsExactly("t.yaml:3:11: unknown template `sonnet` (templates: few-shot, outline)");
    }

    @Test
    void should_format_a_problem_without_a_hint_or_file() {
        assertThat(new BriefProblem(null, 3, 7, "`title` is empty", null).format()).isEqualTo("<brief>:3:7: `title` is empty");
        assertThat(new BriefProblem(Path.of("a.yaml"), 1, 2, "m", "h").toString()).isEqualTo("a.yaml:1:2: m (h)");
    }
}
