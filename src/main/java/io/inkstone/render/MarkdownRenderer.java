package io.inkstone.render;

import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.footnotes.FootnoteExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.ext.wikilink.WikiLinkExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Markdown (CommonMark + GFM tables, strikethrough, task lists, autolinks, footnotes, YAML front matter and
 * Obsidian wikilinks/embeds) to a well-formed XHTML body with the note's metadata.
 *
 * <p>flexmark renders HTML; jsoup then makes it well-formed XML and clean for EPUB and PDF: {@code align} attributes
 * become classes, task-list boxes become characters, headings get ASCII ids, links that lead nowhere outside the
 * document become text, remote images become links, and scripts and forms are removed. Thread-safe.
 */
public final class MarkdownRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(MarkdownRenderer.class);
    private static final Pattern INVALID_XML_CHARS = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern URL_SCHEME = Pattern.compile("(?i)(https?|mailto|ftp):.*");
    private static final Pattern ANY_SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*:.*");
    /** A line break between two CJK characters (or CJK punctuation) is no space in Chinese or Japanese text. */
    private static final Pattern CJK_SOFT_BREAK = Pattern.compile(
            "(?<=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\u3000-\\u303F\\uFF00-\\uFFEF“”‘’—…])\\s*\\n\\s*"
                    + "(?=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\u3000-\\u303F\\uFF00-\\uFFEF“”‘’—…])");
    private static final Set<String> REMOVED_ELEMENTS = Set.of("script", "style", "iframe", "object", "embed", "form",
            "input", "button", "select", "textarea", "link", "meta", "base", "frame", "frameset", "applet", "noscript",
            "template", "canvas");
    private static final Set<String> UNWRAPPED_ELEMENTS = Set.of("font", "center", "audio", "video", "picture", "source");
    private static final List<String> PRESENTATION_ATTRIBUTES = List.of("valign", "bgcolor", "border", "cellpadding",
            "cellspacing", "frame", "rules", "nowrap", "face", "color", "height");

    private final Parser parser;
    private final HtmlRenderer htmlRenderer;

    public MarkdownRenderer() {
        MutableDataSet options = new MutableDataSet()
                .set(Parser.EXTENSIONS, List.of(
                        TablesExtension.create(), StrikethroughExtension.create(), TaskListExtension.create(),
                        AutolinkExtension.create(), FootnoteExtension.create(), WikiLinkExtension.create(),
                        new ObsidianWikiRenderer.Extension()))
                .set(WikiLinkExtension.LINK_FIRST_SYNTAX, true) // Obsidian: [[page|alias]]
                .set(WikiLinkExtension.IMAGE_LINKS, true)       // Obsidian: ![[picture.png]]
                .set(WikiLinkExtension.ALLOW_ANCHORS, true)     // [[page#heading]]
                .set(TablesExtension.APPEND_MISSING_COLUMNS, true)
                .set(TablesExtension.DISCARD_EXTRA_COLUMNS, true)
                .set(TablesExtension.HEADER_SEPARATOR_COLUMN_MATCH, true)
                .set(TaskListExtension.ITEM_DONE_MARKER, "<span class=\"task-box done\">☑</span> ")
                .set(TaskListExtension.ITEM_NOT_DONE_MARKER, "<span class=\"task-box\">☐</span> ")
                .set(HtmlRenderer.GENERATE_HEADER_ID, true)
                .set(HtmlRenderer.RENDER_HEADER_ID, true)
                .set(HtmlRenderer.SOFT_BREAK, "\n");
        parser = Parser.builder(options).build();
        htmlRenderer = HtmlRenderer.builder(options).build();
    }

    /** Renders a note; the title falls back to "Untitled" when neither front matter nor a heading gives one. */
    public RenderedDocument render(String markdown) {
        return render(markdown, "Untitled");
    }

    /**
     * Renders a note.
     *
     * @param markdown      the whole note, front matter included
     * @param fallbackTitle the title when the front matter has none and the body has no {@code # heading} (the file name)
     * @throws FrontMatterException when the front matter is not valid YAML
     */
    public RenderedDocument render(String markdown, String fallbackTitle) {
        return render(FrontMatter.parse(INVALID_XML_CHARS.matcher(markdown).replaceAll("")), fallbackTitle);
    }

    /**
     * Renders a note already split into properties and body (characters XML cannot hold are dropped from both).
     *
     * @param fallbackTitle the title when the front matter has none and the body has no {@code # heading} (the file name)
     */
    public RenderedDocument render(FrontMatter front, String fallbackTitle) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        front.properties().forEach((key, value) -> properties.put(key, xmlSafe(value)));
        String html = htmlRenderer.render(parser.parse(INVALID_XML_CHARS.matcher(front.body()).replaceAll("")));

        Document document = Jsoup.parseBodyFragment(html);
        Element body = document.body();
        clean(body);
        joinCjkSoftBreaks(body);

        String title = text(properties, "title");
        Element firstH1 = body.selectFirst("h1");
        if (title == null) title = firstH1 != null && !firstH1.text().isBlank() ? firstH1.text().strip() : fallbackTitle;
        if (firstH1 == null) body.prependElement("h1").addClass("document-title").text(title);
        List<Heading> headings = numberHeadings(body);

        String language = language(properties, body.text());
        document.outputSettings()
                .syntax(Document.OutputSettings.Syntax.xml)
                .escapeMode(Entities.EscapeMode.xhtml)
                .charset(java.nio.charset.StandardCharsets.UTF_8)
                .prettyPrint(false);
        return new RenderedDocument(title, joined(properties.get("author")),
                firstText(properties, "date", "created"), language, tags(properties.get("tags")), body.html(), headings,
                firstText(properties, "description", "subject", "summary"), properties);
    }

    private static Object xmlSafe(Object value) {
        if (value instanceof String text) return INVALID_XML_CHARS.matcher(text).replaceAll("");
        if (value instanceof List<?> list) return list.stream().map(MarkdownRenderer::xmlSafe).toList();
        return value;
    }

    private static void clean(Element body) {
        for (Element element : body.getAllElements()) {
            if (element == body) continue;
            String tag = element.normalName();
            if (REMOVED_ELEMENTS.contains(tag)) {
                element.remove();
                continue;
            }
            String align = element.attr("align").strip().toLowerCase(Locale.ROOT);
            if (!align.isEmpty()) {
                element.removeAttr("align");
                if (Set.of("left", "center", "right", "justify").contains(align)) element.addClass("align-" + align);
            }
            PRESENTATION_ATTRIBUTES.forEach(element::removeAttr);
            if (!tag.equals("img")) element.removeAttr("width");
            element.attributes().asList().stream()
                    .filter(attribute -> attribute.getKey().toLowerCase(Locale.ROOT).startsWith("on"))
                    .forEach(attribute -> element.removeAttr(attribute.getKey()));
            if (UNWRAPPED_ELEMENTS.contains(tag) && element.parent() != null) element.unwrap();
        }
        for (Element image : body.select("img")) {
            String src = image.attr("src").strip();
            if (src.isEmpty()) {
                image.remove();
            } else if (ANY_SCHEME.matcher(src).matches() && !src.regionMatches(true, 0, "file:", 0, 5)) {
                // Remote pictures are not fetched (no network; EPUB forbids remote images): keep a link to them.
                String label = image.attr("alt").isBlank() ? src : image.attr("alt");
                if (URL_SCHEME.matcher(src).matches()) image.replaceWith(new Element("a").attr("href", src).text(label));
                else image.replaceWith(new TextNode(label));
            }
        }
        if (body.selectFirst("img:not([alt])") != null) body.select("img:not([alt])").attr("alt", "");
    }

    /** Gives every heading an ASCII id (h-1, h-2, …), rewrites links to the old ids and returns body-level headings. */
    private static List<Heading> numberHeadings(Element body) {
        Map<String, String> renamed = new HashMap<>();
        List<Heading> headings = new ArrayList<>();
        int number = 0;
        for (Element heading : body.select("h1, h2, h3, h4, h5, h6")) {
            String newId = "h-" + (++number);
            if (heading.hasAttr("id")) renamed.put(heading.id(), newId);
            heading.attr("id", newId);
            if (heading.parent() == body) {
                int level = heading.normalName().charAt(1) - '0';
                headings.add(new Heading(level, heading.text().strip(), newId));
            }
        }
        Set<String> ids = new LinkedHashSet<>(body.select("[id]").eachAttr("id"));
        for (Element link : body.select("a[href]")) {
            String href = link.attr("href").strip();
            if (href.startsWith("#")) {
                String target = java.net.URLDecoder.decode(href.substring(1), java.nio.charset.StandardCharsets.UTF_8);
                String id = renamed.getOrDefault(target, target);
                if (ids.contains(id)) link.attr("href", "#" + id);
                else link.tagName("span").removeAttr("href").addClass("link");
            } else if (!URL_SCHEME.matcher(href).matches()) {
                // a link to another note or a local file: not part of this document
                link.tagName("span").removeAttr("href").addClass("link");
            }
        }
        return headings;
    }

    private static void joinCjkSoftBreaks(Element body) {
        NodeTraversor.traverse((NodeVisitor) (node, depth) -> {
            if (node instanceof TextNode text && text.getWholeText().indexOf('\n') >= 0
                    && (text.parent() == null || !text.parent().normalName().equals("code"))) {
                text.text(CJK_SOFT_BREAK.matcher(text.getWholeText()).replaceAll(""));
            }
        }, body);
    }

    private static String language(Map<String, Object> properties, String text) {
        String declared = firstText(properties, "language", "lang");
        if (declared != null) {
            String tag = declared.replace('_', '-');
            if (LANGUAGE_TAG.matcher(tag).matches()) return tag;
            String named = switch (declared.toLowerCase(Locale.ROOT)) {
                case "chinese", "中文", "汉语", "漢語", "简体中文" -> "zh-CN";
                case "繁體中文", "繁体中文" -> "zh-TW";
                case "english", "英文", "英语" -> "en";
                case "japanese", "日本語", "日语" -> "ja";
                default -> null;
            };
            if (named != null) return named;
            LOG.warn("front matter language '{}' is not a language tag such as zh-CN or en; guessing from the text", declared);
        }
        return guessLanguage(text);
    }

    /** A language tag guessed from the characters of the text. */
    static String guessLanguage(String text) {
        long han = 0, kana = 0, hangul = 0, latin = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
            switch (script) {
                case HAN -> han++;
                case HIRAGANA, KATAKANA -> kana++;
                case HANGUL -> hangul++;
                case LATIN -> latin++;
                default -> { }
            }
            i += Character.charCount(codePoint);
        }
        if (kana > 0 && kana * 20 >= han) return "ja";
        if (hangul > 0 && hangul >= han) return "ko";
        if (han > 0 && han * 5 >= latin) return "zh"; // a Han character carries about as much as a 5-letter word
        return "en";
    }

    private static String firstText(Map<String, Object> properties, String... keys) {
        for (String key : keys) {
            String value = text(properties, key);
            if (value != null) return value;
        }
        return null;
    }

    private static String text(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        if (value instanceof Collection<?> list) value = list.isEmpty() ? null : list.iterator().next();
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static String joined(Object value) {
        if (value == null) return null;
        if (value instanceof Collection<?> list) {
            List<String> names = list.stream().filter(item -> item != null && !item.toString().isBlank())
                    .map(item -> item.toString().strip()).toList();
            return names.isEmpty() ? null : String.join(", ", names);
        }
        return value.toString().isBlank() ? null : value.toString().strip();
    }

    private static List<String> tags(Object value) {
        if (value == null) return List.of();
        Collection<?> items = value instanceof Collection<?> list ? list : List.of(value.toString().split("[,\\s]+"));
        return items.stream().filter(item -> item != null)
                .map(item -> item.toString().strip().replaceFirst("^#", ""))
                .filter(tag -> !tag.isEmpty()).distinct().toList();
    }
}
