package io.inkstone.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NestingLimiterTest {

    @Test
    void should_leave_ordinary_markdown_unchanged() {
        String markdown = "# T\n\n- a\n  - b\n    - c\n\n> quote\n> > nested\n\n1. one\n2. two\n";
        assertThat(NestingLimiter.limit(markdown)).isSameAs(markdown);
    }

    @Test
    void should_keep_only_the_first_containers_of_a_line_and_the_text() {
        String limited = NestingLimiter.limit("> ".repeat(3000) + "deep text\n");
        assertThat(limited).endsWith("deep text\n");
        assertThat(limited.chars().filter(c -> c == '>').count()).isEqualTo(NestingLimiter.MAX_CONTAINERS);
        String mixed = NestingLimiter.limit("> - 1. ".repeat(1000) + "mixed\n");
        assertThat(mixed).endsWith("mixed\n").hasSizeLessThan(200);
    }

    @Test
    void should_cap_indentation_and_leave_code_fences_alone() {
        String deep = " ".repeat(500) + "- item\n";
        assertThat(NestingLimiter.limit(deep)).isEqualTo(" ".repeat(NestingLimiter.MAX_INDENT) + "- item\n");
        String fenced = "```\n" + "> ".repeat(100) + "code\n```\n";
        assertThat(NestingLimiter.limit(fenced)).isEqualTo(fenced);
    }

    @Test
    void should_render_three_thousand_levels_without_overflowing() {
        String note = "> ".repeat(3000) + "quote\n\n" + "1. ".repeat(3000) + "item\n\n"
                + "*a _b ".repeat(1500) + "core" + " b_ a*".repeat(1500) + "\n";
        RenderedDocument document = new MarkdownRenderer().render(note);
        assertThat(document.xhtmlBody()).contains("quote", "item", "core");
    }
}
