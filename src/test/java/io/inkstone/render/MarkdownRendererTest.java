package io.inkstone.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class MarkdownRendererTest {
    private final MarkdownRenderer renderer = new MarkdownRenderer();

    private static void assertWellFormed(String xhtml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.newDocumentBuilder().parse(new InputSource(new StringReader(xhtml)));
    }

    @Test
    void should_read_metadata_from_the_front_matter() {
        RenderedDocument document = renderer.render("""
                ---
                title: 春晓
                author: 孟浩然
                date: 2026-03-01
                tags: ["#唐诗", 五言绝句]
                lang: zh-CN
                subject: 一首春天的诗
                id: poem-1
                ---
                # 不同的标题

                春眠不觉晓，处处闻啼鸟。
                """, "file");
        assertThat(document.title()).isEqualTo("春晓");
        assertThat(document.author()).isEqualTo("孟浩然");
        assertThat(document.date()).isEqualTo("2026-03-01");
        assertThat(document.tags()).containsExactly("唐诗", "五言绝句");
        assertThat(document.language()).isEqualTo("zh-CN");
        assertThat(document.subject()).isEqualTo("一首春天的诗");
        assertThat(document.property("id")).isEqualTo("poem-1");
        assertThat(document.headings()).containsExactly(new Heading(1, "不同的标题", "h-1"));
    }

    @Test
    void should_take_the_title_from_the_first_heading_then_the_file_name() {
        assertThat(renderer.render("Intro.\n\n# The Heading\n\ntext", "file").title()).isEqualTo("The Heading");
        RenderedDocument untitled = renderer.render("Just text, no heading.", "my-note");
        assertThat(untitled.title()).isEqualTo("my-note");
        assertThat(untitled.language()).isEqualTo("en");
        // a visible title is added so the exported document shows one
        assertThat(untitled.xhtmlBody()).startsWith("<h1 class=\"document-title\" id=\"h-1\">my-note</h1>");
    }

    @Test
    void should_write_well_formed_xhtml_for_everything_a_note_may_hold() throws Exception {
        RenderedDocument document = renderer.render("""
                # 标题 & <特殊> "字符"

                | 左 | 中 | 右 |
                |:---|:--:|---:|
                | a | b | c |

                - [x] 完成
                - [ ] 未完成

                ~~删除~~ <br> <img src="x.png"> https://example.org 参见[[笔记|别名]]与[[笔记#小节]]、![[图.png|200]]、![[另一篇]]

                Raw <script>alert(1)</script> <div align="center" onclick="x()">居中</div> <font color="red">红</font>

                ```
                <code> & stuff
                ```

                脚注[^a]。

                [^a]: 注释。
                """, "f");
        String page = XhtmlPage.of(document.language(), document.title(), "", document.xhtmlBody());
        assertWellFormed(page);
        String body = document.xhtmlBody();
        assertThat(body).contains("<th class=\"align-left\">左</th>", "<th class=\"align-center\">中</th>",
                "<td class=\"align-right\">c</td>").doesNotContain("align=");
        assertThat(body).contains("<span class=\"task-box done\">☑</span> 完成", "<span class=\"task-box\">☐</span> 未完成")
                .doesNotContain("<input");
        assertThat(body).contains("<del>删除</del>", "<br />", "<a href=\"https://example.org\">https://example.org</a>");
        assertThat(body).contains("<span class=\"wikilink\">别名</span>", "<span class=\"wikilink\">笔记 › 小节</span>",
                "<img src=\"%E5%9B%BE.png\" alt=\"图.png\" width=\"200\" class=\"embed\" />",
                "<span class=\"embed-note\">另一篇</span>");
        assertThat(body).doesNotContain("<script", "onclick", "<font").contains("<div class=\"align-center\">居中</div>", "红");
        assertThat(body).contains("&lt;code&gt; &amp; stuff");
        assertThat(body).contains("<a class=\"footnote-ref\" href=\"#fn-1\">1</a>", "<li id=\"fn-1\">");
        assertThat(document.title()).isEqualTo("标题 & <特殊> \"字符\"");
    }

    @Test
    void should_join_lines_of_chinese_text_without_a_space_but_keep_english_spaces() {
        String body = renderer.render("第一行\n第二行。\n\nfirst line\nsecond line", "f").xhtmlBody();
        assertThat(body).contains("第一行第二行。").contains("first line\nsecond line");
    }

    @Test
    void should_give_headings_ascii_ids_and_keep_links_to_them() {
        RenderedDocument document = renderer.render("""
                # 第一章

                ## 1. Setup

                [跳到第一章](#第一章) [to setup](#1-setup) [nowhere](#missing) [other note](other.md)
                """, "f");
        assertThat(document.headings()).extracting(Heading::id).containsExactly("h-1", "h-2");
        assertThat(document.xhtmlBody()).contains("<a href=\"#h-1\">跳到第一章</a>", "<a href=\"#h-2\">to setup</a>",
                "<span class=\"link\">nowhere</span>", "<span class=\"link\">other note</span>");
    }

    @Test
    void should_guess_the_language_when_the_front_matter_has_none() {
        assertThat(MarkdownRenderer.guessLanguage("这是中文，夹杂一些 English words。")).isEqualTo("zh");
        assertThat(MarkdownRenderer.guessLanguage("これは日本語の文章です。")).isEqualTo("ja");
        assertThat(MarkdownRenderer.guessLanguage("An English text with one 字.")).isEqualTo("en");
        assertThat(renderer.render("---\nlanguage: 中文\n---\ntext", "f").language()).isEqualTo("zh-CN");
        assertThat(renderer.render("---\nlanguage: klingon please\n---\n中文内容", "f").language()).isEqualTo("zh");
    }

    @Test
    void should_locate_front_matter_errors_in_the_note() {
        assertThatThrownBy(() -> renderer.render("---\ntitle: ok\nauthor: [broken\n---\nbody", "f"))
                .isInstanceOfSatisfying(FrontMatterException.class, e -> {
                    assertThat(e.line()).isBetween(3, 5);
                    assertThat(e.getMessage()).contains("front matter is not valid YAML");
                });
        assertThatThrownBy(() -> renderer.render("---\ntitle: never closed\n", "f"))
                .isInstanceOf(FrontMatterException.class).hasMessageContaining("no closing '---'");
        assertThatThrownBy(() -> renderer.render("---\n- a list\n---\n", "f"))
                .isInstanceOf(FrontMatterException.class).hasMessageContaining("key: value");
    }

    @Test
    void should_accept_a_comma_separated_tag_string_and_author_lists() {
        RenderedDocument document = renderer.render("---\ntags: \"a, b #c\"\nauthor: [甲, 乙]\n---\n", "f");
        assertThat(document.tags()).isEqualTo(List.of("a", "b", "c"));
        assertThat(document.author()).isEqualTo("甲, 乙");
    }
}
