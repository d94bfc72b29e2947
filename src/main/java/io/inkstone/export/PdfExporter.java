package io.inkstone.export;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.inkstone.render.Heading;
import io.inkstone.render.RenderedDocument;
import io.inkstone.render.XhtmlPage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.TransformerException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.viewerpreferences.PDViewerPreferences;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.AdobePDFSchema;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.xml.XmpSerializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The pure-Java PDF engine: XHTML → openhtmltopdf → PDFBox 3. Every font is a registered TrueType face, embedded and
 * subset; headings become bookmarks; the footer numbers the pages; title, author, subject, keywords and language are
 * written to the document information, the catalog and XMP metadata.
 */
final class PdfExporter {
    static final String ENGINE = EngineNames.OPENHTMLTOPDF;
    private static final Logger LOG = LoggerFactory.getLogger(PdfExporter.class);
    private static final String PRODUCER = "Inkstone (openhtmltopdf, Apache PDFBox)";

    private final FontLocator.FontSet fonts;
    private final String css;

    /**
     * @param fonts the fonts to register
     * @param css   the whole stylesheet (default rules, PDF rules, then the user's)
     */
    PdfExporter(FontLocator.FontSet fonts, String css) {
        this.fonts = fonts;
        this.css = css;
    }

    /** Renders the document into {@code output} (an existing, empty file that is overwritten). */
    void write(RenderedDocument document, ExportSource source, Path output) throws IOException {
        org.w3c.dom.Document xhtml = parseXml(page(document, new ImageResolver(source.folder())));
        List<Closeable> openFonts = new ArrayList<>();
        try (PDDocument pdf = new PDDocument()) {
            PdfRendererBuilder builder = new PdfRendererBuilder()
                    .usePDDocument(pdf)
                    .withProducer(PRODUCER)
                    .withW3cDocument(xhtml, source.folder().toUri().toString());
            Map<FontFace, PDFont> loaded = new LinkedHashMap<>();
            register(builder, pdf, "inkstone-text", fonts.text(), loaded, openFonts);
            register(builder, pdf, "inkstone-mono", fonts.mono(), loaded, openFonts);
            register(builder, pdf, "inkstone-emoji", fonts.emoji(), loaded, openFonts);
            try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
                renderer.layout();
                renderer.createPDFWithoutClosing();
            }
            writeMetadata(pdf, document);
            pdf.save(output.toFile());
        } finally {
            for (Closeable font : openFonts) font.close();
        }
    }

    private static void register(PdfRendererBuilder builder, PDDocument pdf, String family, FontFace face,
                                 Map<FontFace, PDFont> loaded, List<Closeable> openFonts) throws IOException {
        PDFont font = loaded.get(face);
        if (font == null) {
            FontFace.OpenedFont opened = face.open();
            openFonts.add(opened);
            font = PDType0Font.load(pdf, opened.font(), true);
            loaded.put(face, font);
        }
        // Regular only: bold and italic are synthesised, never drawn with a wrongly registered face.
        builder.useFont(new PDFontSupplier(font), family, 400, BaseRendererBuilder.FontStyle.NORMAL, true);
    }

    /** The XHTML page handed to openhtmltopdf: stylesheet and bookmarks in the head, pictures as file URIs. */
    private String page(RenderedDocument document, ImageResolver images) {
        Document body = Jsoup.parse(document.xhtmlBody(), "", Parser.xmlParser());
        body.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .prettyPrint(false);
        for (Element image : body.select("img")) {
            Path file = images.resolve(image.attr("src"));
            String type = file == null ? null : ImageResolver.mediaType(file);
            if (type != null && (type.equals("image/png") || type.equals("image/jpeg") || type.equals("image/gif"))) {
                image.attr("src", file.toUri().toString());
            } else {
                LOG.warn("picture '{}' {}; the PDF shows its name instead", ImageResolver.decode(image.attr("src")),
                        file == null ? "was not found next to the note or in the vault" : "is not PNG, JPEG or GIF");
                image.replaceWith(new Element("span").addClass("missing-image").text("[" + image.attr("alt") + "]"));
            }
        }
        String head = "<style>/*<![CDATA[*/\n" + css.replace("]]>", "]] >") + "\n/*]]>*/</style>\n"
                + metaTag("author", document.author()) + metaTag("subject", document.subject())
                + metaTag("keywords", String.join(", ", document.tags())) + bookmarks(document.headings());
        return XhtmlPage.of(document.language(), document.title(), head, body.html());
    }

    private static String metaTag(String name, String content) {
        if (content == null || content.isBlank()) return "";
        return "<meta name=\"" + name + "\" content=\"" + XhtmlPage.escape(content) + "\"/>\n";
    }

    /** openhtmltopdf's {@code <bookmarks>} element, nested by heading level. */
    static String bookmarks(List<Heading> headings) {
        if (headings.isEmpty()) return "";
        StringBuilder xml = new StringBuilder("<bookmarks>\n");
        List<Integer> open = new ArrayList<>(); // levels of the bookmarks not yet closed
        for (Heading heading : headings) {
            while (!open.isEmpty() && open.get(open.size() - 1) >= heading.level()) {
                xml.append("</bookmark>\n");
                open.remove(open.size() - 1);
            }
            xml.append("<bookmark name=\"").append(XhtmlPage.escape(heading.text())).append("\" href=\"#")
                    .append(heading.id()).append("\">\n");
            open.add(heading.level());
        }
        xml.append("</bookmark>\n".repeat(open.size())).append("</bookmarks>\n");
        return xml.toString();
    }

    private static org.w3c.dom.Document parseXml(String xhtml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xhtml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("the XHTML made from the note is not well-formed (" + e.getMessage() + "); please report it", e);
        }
    }

    private static void writeMetadata(PDDocument pdf, RenderedDocument document) throws IOException {
        Calendar now = Calendar.getInstance();
        PDDocumentInformation info = pdf.getDocumentInformation();
        info.setTitle(document.title());
        info.setAuthor(document.author());
        info.setSubject(document.subject());
        info.setKeywords(document.tags().isEmpty() ? null : String.join(", ", document.tags()));
        info.setCreator("Inkstone");
        info.setProducer(PRODUCER);
        info.setCreationDate(now);
        info.setModificationDate(now);

        PDDocumentCatalog catalog = pdf.getDocumentCatalog();
        catalog.setLanguage(document.language());
        PDViewerPreferences preferences = new PDViewerPreferences(new org.apache.pdfbox.cos.COSDictionary());
        preferences.setDisplayDocTitle(true);
        catalog.setViewerPreferences(preferences);

        XMPMetadata xmp = XMPMetadata.createXMPMetadata();
        DublinCoreSchema dublinCore = xmp.createAndAddDublinCoreSchema();
        dublinCore.setTitle(document.title());
        if (document.author() != null) for (String author : document.author().split(",\\s*")) dublinCore.addCreator(author);
        if (document.subject() != null) dublinCore.setDescription(document.subject());
        dublinCore.addLanguage(document.language());
        document.tags().forEach(dublinCore::addSubject);
        AdobePDFSchema adobe = xmp.createAndAddAdobePDFSchema();
        adobe.setProducer(PRODUCER);
        if (!document.tags().isEmpty()) adobe.setKeywords(String.join(", ", document.tags()));
        XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
        basic.setCreatorTool("Inkstone");
        basic.setCreateDate(now);
        basic.setModifyDate(now);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new XmpSerializer().serialize(xmp, bytes, true);
        } catch (TransformerException e) {
            throw new IOException("cannot write the PDF's XMP metadata: " + e.getMessage(), e);
        }
        PDMetadata metadata = new PDMetadata(pdf);
        metadata.importXMPMetadata(bytes.toByteArray());
        catalog.setMetadata(metadata);
    }
}
