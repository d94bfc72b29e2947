package io.inkstone.render;

import java.util.List;
import java.util.Map;

/**
 * A Markdown note turned into an XHTML body plus the metadata its front matter (or its text) gives.
 *
 * @param title      from front matter {@code title}, else the first {@code # heading}, else the fallback (file name)
 * @param author     front matter {@code author} (a list is joined with ", "), or null
 * @param date       front matter {@code date} (else {@code created}) as written, or null
 * @param language   BCP-47 tag: front matter {@code language}/{@code lang}, else guessed from the text ("zh", "ja", "ko", "en")
 * @param tags       front matter {@code tags} without a leading '#'; empty when none
 * @param xhtmlBody  well-formed XHTML (XML syntax) for the inside of {@code <body>}
 * @param headings   the body's top-level headings in order, with their element ids
 * @param subject    front matter {@code description}/{@code subject}/{@code summary}, or null
 * @param properties the whole front matter as parsed (string keys), for fields not listed here ({@code id}, {@code cover}, …)
 */
public record RenderedDocument(
        String title,
        String author,
        String date,
        String language,
        List<String> tags,
        String xhtmlBody,
        List<Heading> headings,
        String subject,
        Map<String, Object> properties) {

    public RenderedDocument {
        tags = List.copyOf(tags);
        headings = List.copyOf(headings);
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    /** A front-matter property as text (the first item of a list), or null when absent or blank. */
    public String property(String... keys) {
        for (String key : keys) {
            Object value = properties.get(key);
            if (value instanceof List<?> list) value = list.isEmpty() ? null : list.get(0);
            if (value != null && !value.toString().isBlank()) return value.toString().strip();
        }
        return null;
    }

    /** A complete XHTML page of this document: see {@link XhtmlPage#of(String, String, String, String)}. */
    public String toXhtmlPage(String headXhtml) {
        return XhtmlPage.of(language, title, headXhtml, xhtmlBody);
    }
}
