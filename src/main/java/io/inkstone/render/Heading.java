package io.inkstone.render;

/**
 * One heading of a rendered document, in document order.
 *
 * @param level 1 for {@code <h1>} … 6 for {@code <h6>}
 * @param text  the heading's plain text
 * @param id    the element id in the XHTML body (ASCII, unique in the document), for links, bookmarks and navigation
 */
public record Heading(int level, String text, String id) {
    public Heading {
        if (level < 1 || level > 6) throw new IllegalArgumentException("heading level must be 1..6, got " + level);
    }
}
