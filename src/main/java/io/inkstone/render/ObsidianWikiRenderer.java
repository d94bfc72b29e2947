package io.inkstone.render;

import com.vladsch.flexmark.ext.wikilink.WikiImage;
import com.vladsch.flexmark.ext.wikilink.WikiLink;
import com.vladsch.flexmark.ext.wikilink.WikiNode;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.html.HtmlWriter;
import com.vladsch.flexmark.html.renderer.NodeRenderer;
import com.vladsch.flexmark.html.renderer.NodeRenderingHandler;
import com.vladsch.flexmark.util.data.MutableDataHolder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders Obsidian links for a stand-alone document, where other notes cannot be followed:
 * {@code [[Note|alias]]} becomes the styled text "alias" ({@code <span class="wikilink">}),
 * {@code ![[picture.png|300]]} an image (resolved later against the note's folder and vault),
 * and {@code ![[Other note]]} a marked reference to the embedded note ({@code <span class="embed-note">}).
 */
final class ObsidianWikiRenderer implements NodeRenderer {
    private static final Pattern IMAGE_FILE = Pattern.compile("(?i).+\\.(png|jpe?g|gif|svg|webp)");
    private static final Pattern WIDTH = Pattern.compile("\\d{1,4}(x\\d{1,4})?");

    /** Registers this renderer with flexmark (after the wikilink extension, so it takes precedence). */
    static final class Extension implements HtmlRenderer.HtmlRendererExtension {
        @Override
        public void rendererOptions(MutableDataHolder options) {}

        @Override
        public void extend(HtmlRenderer.Builder builder, String rendererType) {
            builder.nodeRendererFactory(options -> new ObsidianWikiRenderer());
        }
    }

    @Override
    public Set<NodeRenderingHandler<?>> getNodeRenderingHandlers() {
        return Set.of(
                new NodeRenderingHandler<>(WikiLink.class, (node, context, html) -> renderLink(node, html)),
                new NodeRenderingHandler<>(WikiImage.class, (node, context, html) -> renderEmbed(node, html)));
    }

    private static void renderLink(WikiLink node, HtmlWriter html) {
        html.attr("class", "wikilink").withAttr().tag("span").text(Target.of(node).displayText()).closeTag("span");
    }

    private static void renderEmbed(WikiImage node, HtmlWriter html) {
        Target target = Target.of(node);
        if (IMAGE_FILE.matcher(target.page()).matches()) {
            boolean sized = WIDTH.matcher(target.alias()).matches();
            html.attr("src", encodePath(target.page()))
                    .attr("alt", target.alias().isEmpty() || sized ? target.page() : target.alias());
            if (sized) html.attr("width", target.alias().split("x")[0]);
            html.attr("class", "embed").withAttr().tagVoid("img");
        } else {
            html.attr("class", "embed-note").withAttr().tag("span").text(target.displayText()).closeTag("span");
        }
    }

    /** The parts of {@code [[page#anchor|alias]]}, read from the node's source text. */
    private record Target(String page, String anchor, String alias) {
        static Target of(WikiNode node) {
            String inner = node.getChars().toString().replaceFirst("^!?\\[\\[", "").replaceFirst("]]$", "");
            int bar = inner.indexOf('|');
            String link = bar < 0 ? inner : inner.substring(0, bar);
            String alias = bar < 0 ? "" : inner.substring(bar + 1).strip();
            int hash = link.indexOf('#');
            String page = (hash < 0 ? link : link.substring(0, hash)).strip();
            String anchor = hash < 0 ? "" : link.substring(hash + 1).strip();
            return new Target(page, anchor.startsWith("^") ? "" : anchor, alias); // ^block references show no text
        }

        String displayText() {
            if (!alias.isEmpty()) return alias;
            if (page.isEmpty()) return anchor;
            return anchor.isEmpty() ? page : page + " › " + anchor.replace('#', ' ');
        }
    }

    /** A vault path as a relative URI reference (spaces and non-ASCII percent-encoded). */
    static String encodePath(String path) {
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return path.replace("%", "%25").replace(" ", "%20");
        }
    }
}
