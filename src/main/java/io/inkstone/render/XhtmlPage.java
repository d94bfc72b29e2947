package io.inkstone.render;

/** Builds complete, well-formed XHTML pages (UTF-8, with the document language) around a body. */
public final class XhtmlPage {
    private XhtmlPage() {}

    /**
     * @param language  BCP-47 tag written to {@code xml:lang} and {@code lang}
     * @param title     the page title (plain text; escaped here)
     * @param headXhtml extra well-formed XHTML for {@code <head>} (stylesheets, bookmarks), may be empty
     * @param bodyXhtml well-formed XHTML for the inside of {@code <body>}
     */
    public static String of(String language, String title, String headXhtml, String bodyXhtml) {
        String lang = escape(language);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\""
                + lang + "\" lang=\"" + lang + "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>" + escape(title) + "</title>\n"
                + headXhtml + "</head>\n<body>\n" + bodyXhtml + "\n</body>\n</html>\n";
    }

    /** Escapes text for XML content and attribute values. */
    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
