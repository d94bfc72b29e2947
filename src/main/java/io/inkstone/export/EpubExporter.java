package io.inkstone.export;

import io.inkstone.render.Heading;
import io.inkstone.render.RenderedDocument;
import io.inkstone.render.XhtmlPage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inkstone's own EPUB 3 writer (java.util.zip): the {@code mimetype} entry first and stored, the container, a package
 * document (title, creators, language, a stable identifier, subjects, modified date), a navigation document built from
 * the headings, one XHTML file per chapter (split at the top headings), the stylesheet, pictures and an optional cover.
 * The output passes EPUBCheck 5 without errors or warnings.
 */
final class EpubExporter {
    static final String ENGINE = EngineNames.INKSTONE_EPUB;
    private static final Logger LOG = LoggerFactory.getLogger(EpubExporter.class);
    private static final Pattern W3C_DATE = Pattern.compile(
            "\\d{4}(-\\d{2}(-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?)?)?");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "(?i)(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Instant EARLIEST_ZIP_TIME = Instant.parse("1980-01-02T00:00:00Z");

    private final String css;

    /** @param css the whole stylesheet (default rules, EPUB rules, then the user's) */
    EpubExporter(String css) {
        this.css = css;
    }

    /** One chapter file: its name, title and body nodes. */
    private record Chapter(String fileName, String title, List<Node> nodes) {}

    /** A picture packed into the book. */
    private record Picture(Path file, String href, String mediaType) {}

    /** Writes the book into {@code output} (an existing, empty file that is overwritten). */
    void write(RenderedDocument document, ExportSource note, Path output) throws IOException {
        Instant modified = note.modified().truncatedTo(ChronoUnit.SECONDS);
        if (modified.isBefore(EARLIEST_ZIP_TIME)) modified = EARLIEST_ZIP_TIME;
        ImageResolver resolver = new ImageResolver(note.folder());

        Document body = Jsoup.parse(document.xhtmlBody(), "", Parser.xmlParser());
        body.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .prettyPrint(false);
        Map<Path, Picture> pictures = new LinkedHashMap<>();
        for (Element image : body.select("img")) {
            Picture picture = picture(resolver, image.attr("src"), pictures);
            if (picture != null) {
                image.attr("src", picture.href());
            } else {
                LOG.warn("picture '{}' was not found next to the note or in the vault (or is not PNG, JPEG, GIF, SVG or WebP);"
                        + " the EPUB shows its name instead", ImageResolver.decode(image.attr("src")));
                image.replaceWith(new Element("span").addClass("missing-image").text("[" + image.attr("alt") + "]"));
            }
        }
        Picture cover = null;
        String coverSource = document.property("cover", "cover-image", "image");
        if (coverSource != null) {
            String source = coverSource.replaceAll("^!?\\[\\[|]]$", "");
            cover = picture(resolver, encode(source.strip()), pictures);
            if (cover == null) LOG.warn("cover picture '{}' was not found; the EPUB has no cover", coverSource);
        }

        List<Chapter> chapters = split(body, document);
        Map<String, String> fileOfId = new HashMap<>();
        for (Chapter chapter : chapters) {
            for (Node node : chapter.nodes()) {
                if (node instanceof Element element) {
                    for (Element withId : element.select("[id]")) fileOfId.put(withId.id(), chapter.fileName());
                }
            }
        }
        for (Chapter chapter : chapters) {
            for (Node node : chapter.nodes()) {
                if (!(node instanceof Element element)) continue;
                for (Element link : element.select("a[href^=#]")) {
                    String file = fileOfId.get(link.attr("href").substring(1));
                    if (file != null && !file.equals(chapter.fileName())) link.attr("href", file + link.attr("href"));
                }
            }
        }

        String identifier = identifier(document);
        try (OutputStream file = Files.newOutputStream(output);
             ZipOutputStream zip = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
            long time = modified.toEpochMilli();
            writeStored(zip, "mimetype", "application/epub+zip".getBytes(StandardCharsets.US_ASCII), time);
            writeText(zip, "META-INF/container.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
                      <rootfiles>
                        <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
                      </rootfiles>
                    </container>
                    """, time);
            writeText(zip, "OEBPS/package.opf", packageDocument(document, identifier, modified, chapters, pictures, cover), time);
            writeText(zip, "OEBPS/nav.xhtml", navigation(document, chapters, fileOfId), time);
            writeText(zip, "OEBPS/style.css", css, time);
            if (cover != null) {
                writeText(zip, "OEBPS/cover.xhtml", XhtmlPage.of(document.language(), document.title(), stylesheetLink(),
                        "<section class=\"cover\" epub:type=\"cover\"><img src=\"" + XhtmlPage.escape(cover.href())
                                + "\" alt=\"" + XhtmlPage.escape(document.title()) + "\"/></section>"), time);
            }
            for (Chapter chapter : chapters) {
                StringBuilder xhtml = new StringBuilder();
                for (Node node : chapter.nodes()) xhtml.append(node.outerHtml());
                writeText(zip, "OEBPS/" + chapter.fileName(),
                        XhtmlPage.of(document.language(), chapter.title(), stylesheetLink(), xhtml.toString().strip()), time);
            }
            for (Picture picture : pictures.values()) {
                ZipEntry entry = new ZipEntry("OEBPS/" + picture.href());
                entry.setTime(time);
                zip.putNextEntry(entry);
                Files.copy(picture.file(), zip);
                zip.closeEntry();
            }
        }
    }

    private static String encode(String path) {
        return path.replace("%", "%25").replace(" ", "%20");
    }

    private static Picture picture(ImageResolver resolver, String source, Map<Path, Picture> pictures) {
        Path file = resolver.resolve(source);
        String type = file == null ? null : ImageResolver.mediaType(file);
        if (type == null) return null;
        return pictures.computeIfAbsent(file, path -> {
            String name = path.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
            return new Picture(path, "images/image-" + (pictures.size() + 1) + extension, type);
        });
    }

    private static String stylesheetLink() {
        return "<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n";
    }

    /**
     * Splits the body into chapters at its top headings. When the highest heading level occurs once, at the start
     * (the note's title), the chapters start at the next level and the title opens the first chapter.
     */
    private static List<Chapter> split(Document body, RenderedDocument document) {
        List<Heading> headings = document.headings();
        int splitLevel = 1;
        if (!headings.isEmpty()) {
            int top = headings.stream().mapToInt(Heading::level).min().orElse(1);
            long topCount = headings.stream().filter(h -> h.level() == top).count();
            splitLevel = top;
            if (topCount == 1 && headings.get(0).level() == top && headings.size() > 1) {
                splitLevel = headings.stream().skip(1).mapToInt(Heading::level).min().orElse(top);
            }
        }
        List<Chapter> chapters = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        String currentTitle = document.title();
        for (Node node : new ArrayList<>(body.childNodes())) {
            if (node instanceof Element element && isHeading(element) && headingLevel(element) <= splitLevel
                    && hasContent(current)) {
                chapters.add(new Chapter("chapter-" + (chapters.size() + 1) + ".xhtml", currentTitle, current));
                current = new ArrayList<>();
            }
            if (node instanceof Element element && isHeading(element) && current.stream().noneMatch(n -> n instanceof Element)) {
                currentTitle = element.text().isBlank() ? document.title() : element.text().strip();
            }
            current.add(node);
        }
        if (hasContent(current) || chapters.isEmpty()) {
            chapters.add(new Chapter("chapter-" + (chapters.size() + 1) + ".xhtml", currentTitle, current));
        }
        return chapters;
    }

    private static boolean hasContent(List<Node> nodes) {
        return nodes.stream().anyMatch(node -> node instanceof Element
                || (node instanceof TextNode text && !text.isBlank()));
    }

    private static boolean isHeading(Element element) {
        String name = element.normalName();
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    private static int headingLevel(Element element) {
        return element.normalName().charAt(1) - '0';
    }

    /** The book's identifier: front matter id/uuid/identifier, else a UUID derived from title and creation date. */
    static String identifier(RenderedDocument document) {
        String declared = document.property("identifier", "uuid", "id");
        if (declared != null) {
            if (UUID_TEXT.matcher(declared).matches()) {
                return declared.toLowerCase(Locale.ROOT).startsWith("urn:uuid:") ? declared : "urn:uuid:" + declared;
            }
            return declared;
        }
        String created = document.property("created", "date");
        String seed = "inkstone:" + document.title() + "\n" + (created == null ? "" : created);
        return "urn:uuid:" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    private static String packageDocument(RenderedDocument document, String identifier, Instant modified,
                                          List<Chapter> chapters, Map<Path, Picture> pictures, Picture cover) {
        StringBuilder opf = new StringBuilder();
        opf.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"book-id\" xml:lang=\"")
                .append(XhtmlPage.escape(document.language())).append("\">\n")
                .append("<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
                .append("<dc:identifier id=\"book-id\">").append(XhtmlPage.escape(identifier)).append("</dc:identifier>\n")
                .append("<dc:title>").append(XhtmlPage.escape(document.title())).append("</dc:title>\n")
                .append("<dc:language>").append(XhtmlPage.escape(document.language())).append("</dc:language>\n");
        if (document.author() != null) {
            for (String author : document.author().split(",\\s*")) {
                opf.append("<dc:creator>").append(XhtmlPage.escape(author)).append("</dc:creator>\n");
            }
        }
        String date = document.date();
        if (date != null && W3C_DATE.matcher(date).matches()) {
            opf.append("<dc:date>").append(XhtmlPage.escape(date.replace(' ', 'T'))).append("</dc:date>\n");
        }
        if (document.subject() != null) {
            opf.append("<dc:description>").append(XhtmlPage.escape(document.subject())).append("</dc:description>\n");
        }
        for (String tag : document.tags()) opf.append("<dc:subject>").append(XhtmlPage.escape(tag)).append("</dc:subject>\n");
        opf.append("<meta property=\"dcterms:modified\">")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(modified))
                .append("</meta>\n");
        if (cover != null) opf.append("<meta name=\"cover\" content=\"").append(itemId(cover)).append("\"/>\n");
        opf.append("</metadata>\n<manifest>\n")
                .append("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n")
                .append("<item id=\"style\" href=\"style.css\" media-type=\"text/css\"/>\n");
        if (cover != null) opf.append("<item id=\"cover-page\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n");
        for (int i = 0; i < chapters.size(); i++) {
            opf.append("<item id=\"chapter-").append(i + 1).append("\" href=\"").append(chapters.get(i).fileName())
                    .append("\" media-type=\"application/xhtml+xml\"/>\n");
        }
        for (Picture picture : pictures.values()) {
            opf.append("<item id=\"").append(itemId(picture)).append("\" href=\"").append(picture.href())
                    .append("\" media-type=\"").append(picture.mediaType()).append('"')
                    .append(picture == cover ? " properties=\"cover-image\"" : "").append("/>\n");
        }
        opf.append("</manifest>\n<spine>\n");
        if (cover != null) opf.append("<itemref idref=\"cover-page\"/>\n");
        for (int i = 0; i < chapters.size(); i++) opf.append("<itemref idref=\"chapter-").append(i + 1).append("\"/>\n");
        opf.append("</spine>\n</package>\n");
        return opf.toString();
    }

    private static String itemId(Picture picture) {
        String name = picture.href().substring("images/".length());
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static String navigation(RenderedDocument document, List<Chapter> chapters, Map<String, String> fileOfId) {
        StringBuilder list = new StringBuilder();
        List<Heading> headings = document.headings().stream().filter(h -> fileOfId.containsKey(h.id())).toList();
        if (headings.isEmpty()) {
            list.append("<ol>\n<li><a href=\"").append(chapters.get(0).fileName()).append("\">")
                    .append(XhtmlPage.escape(document.title())).append("</a></li>\n</ol>\n");
        } else {
            List<Integer> open = new ArrayList<>(); // levels of the list items not yet closed
            for (Heading heading : headings) {
                if (open.isEmpty() || heading.level() > open.get(open.size() - 1)) {
                    list.append("<ol>\n");
                } else {
                    list.append("</li>\n");
                    open.remove(open.size() - 1);
                    while (!open.isEmpty() && open.get(open.size() - 1) >= heading.level()) {
                        list.append("</ol>\n</li>\n");
                        open.remove(open.size() - 1);
                    }
                }
                list.append("<li><a href=\"").append(fileOfId.get(heading.id())).append('#').append(heading.id())
                        .append("\">").append(XhtmlPage.escape(heading.text().isBlank() ? document.title() : heading.text()))
                        .append("</a>\n");
                open.add(heading.level());
            }
            list.append("</li>\n</ol>\n");
            for (int i = 1; i < open.size(); i++) list.append("</li>\n</ol>\n");
        }
        String contents = switch (document.language().toLowerCase(Locale.ROOT).split("-")[0]) {
            case "zh" -> document.language().toLowerCase(Locale.ROOT).matches("zh-(tw|hk|mo|hant).*") ? "目錄" : "目录";
            case "ja" -> "目次";
            case "ko" -> "목차";
            default -> "Contents";
        };
        return XhtmlPage.of(document.language(), document.title(), stylesheetLink(),
                "<nav epub:type=\"toc\" id=\"toc\">\n<h1>" + contents + "</h1>\n" + list + "</nav>");
    }

    private static void writeStored(ZipOutputStream zip, String name, byte[] bytes, long time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        entry.setTime(time);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static void writeText(ZipOutputStream zip, String name, String text, long time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time);
        zip.putNextEntry(entry);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
