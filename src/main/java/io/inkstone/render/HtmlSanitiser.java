package io.inkstone.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The one sanitiser every export starts from (pure-Java PDF and EPUB, and Pandoc alike): a note's HTML is untrusted
 * (model output, a note someone dropped in), so only an allow-list of text elements survives.
 *
 * <ul>
 *   <li>{@code script}, {@code style}, {@code iframe}, {@code object}, {@code embed}, {@code link}, {@code meta},
 *       {@code base}, {@code form} and similar are removed with their content;</li>
 *   <li>every other element not on the allow-list ({@code video}, {@code audio}, {@code svg}, {@code math},
 *       {@code font}, …) is dropped, its text kept;</li>
 *   <li>attributes are allow-listed (no event handlers, no {@code srcset}, {@code poster}, {@code background});
 *       links keep only {@code http}, {@code https}, {@code mailto} and {@code #anchor} targets;</li>
 *   <li>a {@code style} attribute survives only without {@code url(}, {@code image-set}, {@code @import},
 *       {@code expression}, escapes or comments, so no stylesheet can name a file or a server;</li>
 *   <li>elements nested deeper than {@link #MAX_DEPTH} are unwrapped (their text kept), so no parser or layout engine
 *       downstream recurses without bound.</li>
 * </ul>
 *
 * {@code <img src>} values are left as written: they are resolved (or refused) by the export's resource resolver,
 * which is the only code that reads a file for an export.
 */
public final class HtmlSanitiser {
    /** Elements deeper than this below {@code <body>} are unwrapped. */
    public static final int MAX_DEPTH = 40;
    /** Lists and quotes nested deeper than this are flattened (each level indents; more would squeeze the text). */
    public static final int MAX_BLOCK_NESTING = 8;
    private static final Set<String> NESTING_BLOCKS = Set.of("ul", "ol", "blockquote", "dl");

    private static final Set<String> REMOVED_WITH_CONTENT = Set.of("script", "style", "iframe", "object", "embed",
            "form", "input", "button", "select", "textarea", "link", "meta", "base", "frame", "frameset", "applet",
            "noscript", "template", "canvas", "head", "title", "svg", "math", "map", "area", "portal", "param",
            "dialog", "noembed", "noframes", "xmp", "plaintext");
    private static final Pattern UNSAFE_STYLE = Pattern.compile(
            "(?i)url\\s*\\(|image-set|image\\s*\\(|@import|expression|behavior|binding|javascript:|[\\\\<>]|/\\*|&");
    private static final Safelist SAFELIST = new StyleCheckingSafelist();

    private HtmlSanitiser() {}

    /** Sanitises the children of {@code body} in place (the body element itself is kept). */
    public static void sanitise(Element body) {
        for (Element element : new ArrayList<>(body.getAllElements())) {
            if (element != body && REMOVED_WITH_CONTENT.contains(element.normalName()) && element.parent() != null) {
                element.remove();
            }
        }
        Document dirty = Document.createShell("");
        dirty.body().appendChildren(new ArrayList<>(body.childNodes()));
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        body.empty();
        body.appendChildren(new ArrayList<>(clean.body().childNodes()));
        flatten(body);
    }

    /**
     * Unwraps every element nested deeper than {@link #MAX_DEPTH} below {@code root}, and every list or quote inside
     * more than {@link #MAX_BLOCK_NESTING} others (their items become plain blocks at the deepest level kept).
     */
    static void flatten(Element root) {
        List<Element> tooDeep = new ArrayList<>();
        List<Element> tooNested = new ArrayList<>();
        int[] blocksOpen = new int[1];
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (!(node instanceof Element element)) return;
                if (depth > MAX_DEPTH) tooDeep.add(element);
                if (NESTING_BLOCKS.contains(element.normalName())) {
                    if (blocksOpen[0] >= MAX_BLOCK_NESTING) tooNested.add(element);
                    blocksOpen[0]++;
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && NESTING_BLOCKS.contains(element.normalName())) blocksOpen[0]--;
            }
        }, root);
        for (Element element : tooNested) {
            if (element.parent() == null) continue;
            for (Element child : element.children()) {
                if (child.normalName().equals("li") || child.normalName().equals("dd") || child.normalName().equals("dt")) {
                    child.tagName("div").addClass("flattened");
                }
            }
            element.unwrap();
        }
        for (Element element : tooDeep) {
            if (element.parent() != null) element.unwrap();
        }
    }

    /** Whether a {@code style} attribute value may stay (no URLs, imports, escapes or comments). */
    static boolean safeStyle(String style) {
        return !UNSAFE_STYLE.matcher(style).find() && style.length() <= 500;
    }

    private static final class StyleCheckingSafelist extends Safelist {
        StyleCheckingSafelist() {
            addTags("a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br",
                    "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
                    "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                    "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
                    "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody",
                    "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "wbr");
            addAttributes(":all", "class", "id", "title", "lang", "dir", "style");
            addAttributes("a", "href");
            addAttributes("img", "src", "alt", "width");
            addAttributes("td", "colspan", "rowspan");
            addAttributes("th", "colspan", "rowspan", "scope");
            addAttributes("col", "span");
            addAttributes("colgroup", "span");
            addAttributes("ol", "start", "type", "reversed");
            addAttributes("li", "value");
            addAttributes("q", "cite");
            addAttributes("blockquote", "cite");
            addAttributes("time", "datetime");
            addProtocols("a", "href", "http", "https", "mailto", "#");
            addProtocols("q", "cite", "http", "https");
            addProtocols("blockquote", "cite", "http", "https");
            preserveRelativeLinks(true);
        }

        @Override
        public boolean isSafeAttribute(String tagName, Element element, Attribute attribute) {
            String key = attribute.getKey().toLowerCase(Locale.ROOT);
            if (key.startsWith("on")) return false;
            if (key.equals("style") && !safeStyle(attribute.getValue())) return false;
            if (key.equals("href") && tagName.equals("a") && attribute.getValue().strip().startsWith("#")) return true;
            return super.isSafeAttribute(tagName, element, attribute);
        }
    }
}
