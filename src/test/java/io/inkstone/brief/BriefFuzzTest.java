package io.inkstone.brief;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the samples (characters YAML cares about inserted, deleted, lines duplicated): the parser must
 * answer every one with a brief or with located problems, never an exception.
 */
class BriefFuzzTest {

    private static final String SPECIALS = ":-[]{}#&*!|>'\"\t\n ,?%@`~0123456789字xé";
    private static final int MUTATIONS_PER_SAMPLE = Integer.getInteger("inkstone.fuzz.mutations", 80);

    @Test
    void should_never_throw_on_mutated_samples() throws IOException {
        Path folder = Path.of(System.getProperty("inkstone.project.dir", "."), "samples");
        BriefParser parser = new BriefParser(List.of("role-task-requirement", "few-shot", "outline", "section"));
        Random random = new Random(42);
        int parsed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path sample : files.sorted().toList()) {
                String text = Files.readString(sample);
                for (int i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
                    String mutated = mutate(text, random);
                    BriefParseResult result = parser.parse(mutated, sample);
                    assertThat(result.ok() ? result.problems() : List.of(result.problems().get(0))).isNotNull();
                    for (BriefProblem p : result.problems()) assertThat(p.line()).isBetween(1, mutated.split("\n", -1).length + 1);
                    parsed++;
                }
            }
        }
        assertThat(parsed).isGreaterThanOrEqualTo(6 * MUTATIONS_PER_SAMPLE);
    }

    private static String mutate(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.insert(at, SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.setCharAt(at, SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                default -> {
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    if (end > start) sb.insert(start, sb.substring(start, end + 1));
                }
            }
        }
        return sb.toString();
    }
}
