package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every brief in samples/ is valid, and together they cover what the README promises. */
class SamplesTest {

    private static Map<String, Brief> samples;

    @BeforeAll
    static void parseSamples() throws IOException {
        Path folder = Path.of(System.getProperty("inkstone.project.dir", "."), "samples");
        BriefParser parser = new BriefParser(List.of("role-task-requirement", "few-shot", "outline", "section"));
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            for (Path file : yaml) {
                BriefParseResult result = parser.parse(file);
                assertThat(result.problems()).as(file.toString()).isEmpty();
            }
            samples = yaml.stream().map(parser::parse).map(BriefParseResult::brief)
                    .collect(Collectors.toMap(b -> b.source().getFileName().toString(), Function.identity()));
        }
    }

    @Test
    void should_have_at_least_six_valid_samples() {
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void should_include_the_chinese_science_fiction_story_of_about_3000_characters() {
        Brief story = samples.get("scifi-story-zh.yaml");
        assertThat(story.type()).isEqualTo(BriefType.STORY);
        assertThat(story.language()).isEqualTo("zh-CN");
        assertThat(story.length()).isEqualTo(new Length(3000, LengthUnit.CHARACTERS));
        assertThat(story.outline()).isNotEmpty();
    }

    @Test
    void should_include_a_few_shot_letter_with_a_real_example() {
        Brief letter = samples.get("departure-letter-few-shot.yaml");
        assertThat(letter.type()).isEqualTo(BriefType.LETTER);
        assertThat(letter.template()).isEqualTo("few-shot");
        assertThat(letter.examples()).singleElement().satisfies(e -> assertThat(e.output().split("\\s+")).hasSizeGreaterThan(150));
    }

    @Test
    void should_include_each_kind_the_issue_asks_for() {
        assertThat(samples.values()).extracting(Brief::type)
                .contains(BriefType.STORY, BriefType.ARTICLE, BriefType.REPORT, BriefType.TUTORIAL, BriefType.LETTER, BriefType.POST);
        assertThat(samples.values()).filteredOn(b -> b.schedule() != null).isNotEmpty();
        assertThat(samples.values()).filteredOn(b -> b.language().startsWith("en") && b.type() == BriefType.POST).isNotEmpty();
        assertThat(samples.get("python-calculator-tutorial-zh.yaml").task()).contains("Tkinter");
        assertThat(samples.get("new-media-article-zh.yaml").requirements()).anyMatch(r -> r.contains("备选标题"));
    }
}
