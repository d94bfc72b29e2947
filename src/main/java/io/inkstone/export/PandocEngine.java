package io.inkstone.export;

import io.inkstone.brief.ExportFormat;
import io.inkstone.render.Heading;
import io.inkstone.render.RenderedDocument;
import io.inkstone.render.XhtmlPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pandoc as an export engine, detected once (like jbake's optional engines): EPUB 3 with {@code -t epub3}; PDF only
 * through a CJK-capable PDF engine, WeasyPrint (with a Chinese font known to fontconfig) or XeLaTeX with ctex or
 * xeCJK. Never wkhtmltopdf: its PDFs extract the wrong characters. When Pandoc cannot do a format, its status says
 * what to install.
 */
final class PandocEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PandocEngine.class);
    private static final long PROBE_SECONDS = 20;
    /** The time one Pandoc export may take. */
    static final long EXPORT_SECONDS = 120;
    /** Pandoc's heap limit ({@code +RTS -M…}), used when its runtime accepts RTS options. */
    static final String MEMORY_LIMIT = "1024m";
    /** The sanitised XHTML; raw HTML and raw TeX stay off, so nothing in the text becomes markup or TeX. */
    private static final String READER = "html-raw_html-raw_tex";
    private static final java.util.Set<String> KEEPS_ID = java.util.Set.of("h1", "h2", "h3", "h4", "h5", "h6", "div",
            "span", "section");
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200C\\u200D]]+");
    private static final String INSTALL_PANDOC = "install Pandoc (apt-get install pandoc, or see pandoc.org/installing)"
            + " or use --engine java";
    private static final String INSTALL_PDF_ENGINE = "install a CJK-capable PDF engine for Pandoc: WeasyPrint and a "
            + "Chinese font (apt-get install weasyprint fonts-wqy-microhei) or XeLaTeX with ctex (apt-get install "
            + "texlive-xetex texlive-lang-chinese), or use --engine java";

    /** The PDF engine Pandoc drives. */
    enum PdfEngine { WEASYPRINT, XELATEX }

    /**
     * How Pandoc can be confined here.
     *
     * @param sandbox     {@code --sandbox} works for an EPUB with a stylesheet, a picture and a cover (Pandoc 2.17's
     *                    sandbox cannot read its own data files, so there it stays off; the input then names only
     *                    files Inkstone copied into a private folder)
     * @param memoryLimit the runtime accepts {@code +RTS -M…} (a heap limit)
     */
    record Confinement(boolean sandbox, boolean memoryLimit) {
        static final Confinement NONE = new Confinement(false, false);

        String describe() {
            return (sandbox ? "--sandbox" : "no usable --sandbox") + ", "
                    + (memoryLimit ? "heap limit " + MEMORY_LIMIT : "no heap limit (RTS options refused)");
        }
    }

    private static final String PROBE_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private final String pandoc;
    private final boolean sandbox;
    private final boolean memoryLimit;
    private final EngineStatus epubStatus;
    private final EngineStatus pdfStatus;
    private final PdfEngine pdfEngine;
    private final boolean ctex;
    private final String cjkFontFamily;

    private PandocEngine(String pandoc, Confinement confinement, EngineStatus epubStatus, EngineStatus pdfStatus,
                         PdfEngine pdfEngine, boolean ctex, String cjkFontFamily) {
        this.pandoc = pandoc;
        this.sandbox = confinement.sandbox();
        this.memoryLimit = confinement.memoryLimit();
        this.epubStatus = epubStatus;
        this.pdfStatus = pdfStatus;
        this.pdfEngine = pdfEngine;
        this.ctex = ctex;
        this.cjkFontFamily = cjkFontFamily;
    }

    /** Detects Pandoc and its PDF engines on this machine ({@code pandoc}, {@code weasyprint}, {@code xelatex} on PATH). */
    static PandocEngine detect() {
        return detect("pandoc", "weasyprint", "xelatex");
    }

    /** Detects with the given program names or paths (tests point them at missing files). */
    static PandocEngine detect(String pandoc, String weasyprint, String xelatex) {
        ExternalCommand.Result version = ExternalCommand.run(List.of(pandoc, "--version"), null, PROBE_SECONDS);
        if (!version.ok()) {
            String why = "Pandoc is not installed (" + pandoc + " --version failed); " + INSTALL_PANDOC;
            return new PandocEngine(pandoc, Confinement.NONE, new EngineStatus(EngineNames.PANDOC, "EPUB", false, why),
                    new EngineStatus(EngineNames.PANDOC, "PDF", false, why), null, false, null);
        }
        Confinement confinement = probeConfinement(pandoc);
        String pandocVersion = version.output().lines().findFirst().orElse("pandoc").strip() + " (" + confinement.describe() + ")";
        EngineStatus epub = new EngineStatus(EngineNames.PANDOC, "EPUB", true, pandocVersion);

        ExternalCommand.Result fonts = ExternalCommand.run(
                List.of("fc-list", "-f", "%{family[0]}\\n", ":lang=zh"), null, PROBE_SECONDS);
        String cjkFamily = !fonts.ok() ? null : fonts.output().lines().map(String::strip)
                .filter(line -> !line.isEmpty()).sorted().findFirst().orElse(null);
        List<String> reasons = new ArrayList<>();
        ExternalCommand.Result weasy = ExternalCommand.run(List.of(weasyprint, "--version"), null, PROBE_SECONDS);
        if (weasy.ok() && cjkFamily != null) {
            return new PandocEngine(pandoc, confinement, epub, new EngineStatus(EngineNames.PANDOC_WEASYPRINT, "PDF", true,
                    pandocVersion + ", " + weasy.output().strip() + ", Chinese font " + cjkFamily),
                    PdfEngine.WEASYPRINT, false, cjkFamily);
        }
        reasons.add(weasy.ok() ? "WeasyPrint has no Chinese font (fc-list :lang=zh is empty)" : "WeasyPrint is not installed");
        ExternalCommand.Result tex = ExternalCommand.run(List.of(xelatex, "--version"), null, PROBE_SECONDS);
        if (tex.ok()) {
            boolean hasCtex = kpsewhich("ctex.sty");
            boolean hasXeCjk = kpsewhich("xeCJK.sty");
            if (hasCtex || (hasXeCjk && cjkFamily != null)) {
                String via = hasCtex ? "ctex" : "xeCJK with " + cjkFamily;
                return new PandocEngine(pandoc, confinement, epub, new EngineStatus(EngineNames.PANDOC_XELATEX, "PDF", true,
                        pandocVersion + ", " + tex.output().lines().findFirst().orElse("xelatex").strip() + ", " + via),
                        PdfEngine.XELATEX, hasCtex, cjkFamily);
            }
            reasons.add(hasXeCjk ? "XeLaTeX has xeCJK but no Chinese font is known to fontconfig"
                    : "XeLaTeX has neither ctex.sty nor xeCJK.sty");
        } else {
            reasons.add("XeLaTeX is not installed");
        }
        return new PandocEngine(pandoc, confinement, epub, new EngineStatus(EngineNames.PANDOC, "PDF", false,
                "Pandoc is installed but cannot make PDFs with Chinese text (" + String.join("; ", reasons) + "); "
                        + INSTALL_PDF_ENGINE), null, false, cjkFamily);
    }

    /** Tries {@code +RTS -M…} and {@code --sandbox} on a tiny EPUB shaped like a real export. */
    static Confinement probeConfinement(String pandoc) {
        boolean memory = ExternalCommand.run(List.of(pandoc, "+RTS", "-M" + MEMORY_LIMIT, "-RTS", "--version"), null,
                PROBE_SECONDS).ok();
        boolean sandboxed = false;
        Path work = null;
        try {
            work = Files.createTempDirectory("inkstone-pandoc-probe");
            Path picture = work.resolve("image-1.png");
            Files.write(picture, java.util.Base64.getDecoder().decode(PROBE_PNG));
            Path cover = work.resolve("cover.png");
            Files.write(cover, java.util.Base64.getDecoder().decode(PROBE_PNG));
            Path css = work.resolve("style.css");
            Files.writeString(css, "body { margin: 0; }\n");
            Path input = work.resolve("note.xhtml");
            Files.writeString(input, XhtmlPage.of("en", "Probe", "", "<p>probe <img src=\"" + picture + "\" alt=\"\"/></p>"));
            List<String> command = new ArrayList<>(List.of(pandoc));
            if (memory) command.addAll(List.of("+RTS", "-M" + MEMORY_LIMIT, "-RTS"));
            command.addAll(List.of("--sandbox", input.toString(), "-f", READER, "-s", "-t", "epub3",
                    "--resource-path=" + work, "--css=" + css, "--epub-cover-image=" + cover, "-M", "title=Probe",
                    "-o", work.resolve("probe.epub").toString()));
            sandboxed = ExternalCommand.run(command, work, PROBE_SECONDS).ok();
        } catch (IOException e) {
            LOG.debug("cannot probe Pandoc's --sandbox: {}", e.getMessage());
        } finally {
            if (work != null) deleteTree(work);
        }
        return new Confinement(sandboxed, memory);
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", folder, e.getMessage());
        }
    }

    private static boolean kpsewhich(String file) {
        ExternalCommand.Result result = ExternalCommand.run(List.of("kpsewhich", file), null, PROBE_SECONDS);
        return result.ok() && !result.output().isBlank();
    }

    /** Whether Pandoc can make the format here, with the engine name or the reason. */
    EngineStatus status(ExportFormat format) {
        return format == ExportFormat.PDF ? pdfStatus : epubStatus;
    }

    /**
     * Exports with Pandoc into {@code output} (an existing file that is overwritten).
     *
     * <p>Pandoc never sees the note's Markdown: it reads the sanitised XHTML of {@code document} (the same document
     * the pure-Java engines use) with raw HTML and raw TeX off, every picture already resolved by {@code resources}
     * and copied into a private work folder (the only resource path), the cover likewise, and the metadata as literal
     * strings ({@code -M key=value}). It runs with {@code --sandbox} when the installed Pandoc can, with a memory limit
     * when its runtime accepts one, and within {@link #EXPORT_SECONDS} seconds.
     *
     * @return the engine name for the note's properties
     * @throws IOException when Pandoc fails (the message has the end of its output)
     */
    String write(ExportFormat format, RenderedDocument document, ResourceResolver resources, String css, Path output)
            throws IOException {
        EngineStatus status = status(format);
        if (!status.available()) throw new IOException(status.detail());
        Path work = Files.createTempDirectory("inkstone-pandoc");
        try {
            boolean titleHeading = singleLeadingTitle(document);
            Path input = work.resolve("note.xhtml");
            Files.writeString(input, pandocInput(document, resources, titleHeading, work), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(pandoc));
            if (memoryLimit) command.addAll(List.of("+RTS", "-M" + MEMORY_LIMIT, "-RTS"));
            if (sandbox) command.add("--sandbox");
            command.addAll(List.of(input.toString(), "-f", READER, "-s", "--resource-path=" + work,
                    "-o", output.toString()));
            command.addAll(metadataOptions(document, format));
            // EPUB chapters and LaTeX sections start at level 1; HTML for WeasyPrint keeps the note's levels
            if (titleHeading && (format == ExportFormat.EPUB || pdfEngine == PdfEngine.XELATEX)) {
                command.add("--shift-heading-level-by=-1");
            }
            String engine;
            if (format == ExportFormat.EPUB) {
                Path stylesheet = work.resolve("style.css");
                Files.writeString(stylesheet, css, StandardCharsets.UTF_8);
                command.addAll(List.of("-t", "epub3", "--toc", "--toc-depth=3", "--css=" + stylesheet));
                String coverSource = document.property("cover", "cover-image", "image");
                if (coverSource != null) {
                    ResourceResolver.Resolution cover = resources.resolveReference(coverSource);
                    if (cover.accepted()) {
                        Path coverFile = work.resolve("cover." + cover.resource().type().extension);
                        Files.write(coverFile, cover.resource().bytes());
                        command.add("--epub-cover-image=" + coverFile);
                    } else {
                        LOG.warn("cover picture '{}' {}; the EPUB has no cover", coverSource, cover.refusal());
                    }
                }
                engine = EngineNames.PANDOC;
            } else if (pdfEngine == PdfEngine.WEASYPRINT) {
                Path stylesheet = work.resolve("style.css");
                Files.writeString(stylesheet, css + "\nbody { font-family: \"" + cjkFontFamily + "\", sans-serif; }\n"
                        + "pre, code { font-family: monospace, \"" + cjkFontFamily + "\"; }\n", StandardCharsets.UTF_8);
                command.addAll(List.of("-t", "html5", "--pdf-engine=weasyprint", "--css=" + stylesheet));
                engine = EngineNames.PANDOC_WEASYPRINT;
            } else {
                command.addAll(List.of("--pdf-engine=xelatex", "-V", "geometry:margin=2.5cm", "-V", "colorlinks=true",
                        "--toc"));
                boolean chinese = document.language().toLowerCase(Locale.ROOT).startsWith("zh");
                if (ctex && chinese) {
                    command.addAll(List.of("-V", "documentclass=ctexart"));
                } else if (chinese) {
                    command.addAll(List.of("-V", "babel-lang=" + (document.language().toLowerCase(Locale.ROOT)
                            .matches("zh-(tw|hk|mo|hant).*") ? "chinese-traditional" : "chinese-simplified")));
                }
                if (cjkFontFamily != null) command.addAll(List.of("-V", "CJKmainfont=" + cjkFontFamily));
                engine = EngineNames.PANDOC_XELATEX;
            }
            ExternalCommand.Result result = ExternalCommand.run(command, work, EXPORT_SECONDS);
            if (!result.ok()) {
                throw new IOException(engine + " failed (exit " + result.exitCode() + "):\n" + result.tail(15));
            }
            if (!result.output().isBlank()) LOG.debug("{} said: {}", engine, result.output().strip());
            return engine;
        } finally {
            deleteTree(work);
        }
    }

    /** True when the note's only level-1 heading opens it and is its title (Pandoc then shows it as the title). */
    private static boolean singleLeadingTitle(RenderedDocument document) {
        List<Heading> headings = document.headings();
        return !headings.isEmpty() && headings.get(0).level() == 1 && headings.get(0).text().equals(document.title())
                && headings.stream().filter(h -> h.level() == 1).count() == 1;
    }

    /**
     * The XHTML page Pandoc reads: the sanitised body with every picture replaced by a resolved copy in {@code work}
     * (or by its name in brackets), and the title heading dropped when Pandoc shows the title itself.
     */
    static String pandocInput(RenderedDocument document, ResourceResolver resources, boolean dropTitleHeading, Path work)
            throws IOException {
        Document body = Jsoup.parse(document.xhtmlBody(), "", Parser.xmlParser());
        body.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .prettyPrint(false);
        if (dropTitleHeading) {
            Element title = body.selectFirst("h1");
            if (title != null) title.remove();
        }
        // Pandoc keeps ids only on headings, divisions and spans: move others (footnotes: <sup id>, <li id>) to a span
        for (Element withId : body.select("[id]")) {
            if (!KEEPS_ID.contains(withId.normalName())) {
                withId.prependElement("span").attr("id", withId.id());
                withId.removeAttr("id");
            }
        }
        Map<Path, Path> copies = new LinkedHashMap<>();
        for (Element image : body.select("img")) {
            ResourceResolver.Resolution resolution = resources.resolveSource(image.attr("src"));
            if (resolution.accepted()) {
                ResourceResolver.Resource resource = resolution.resource();
                Path copy = copies.get(resource.file());
                if (copy == null) {
                    copy = work.resolve("image-" + (copies.size() + 1) + "." + resource.type().extension);
                    Files.write(copy, resource.bytes());
                    copies.put(resource.file(), copy);
                }
                image.attr("src", copy.toString());
            } else {
                LOG.warn("picture '{}' {}; the export shows its name instead", ResourceResolver.decode(image.attr("src")),
                        resolution.refusal());
                image.replaceWith(new Element("span").addClass("missing-image").text("[" + image.attr("alt") + "]"));
            }
        }
        return XhtmlPage.of(document.language(), document.title(), "", body.html());
    }

    /** The metadata as {@code -M key=value} options: literal strings, never read as Markdown. */
    static List<String> metadataOptions(RenderedDocument document, ExportFormat format) {
        List<String> options = new ArrayList<>();
        addMeta(options, "title", document.title());
        if (document.author() != null) for (String author : document.author().split(",\\s*")) addMeta(options, "author", author);
        addMeta(options, "lang", document.language());
        addMeta(options, "date", document.date());
        addMeta(options, "subject", document.subject());
        addMeta(options, "description", document.subject());
        for (String tag : document.tags()) addMeta(options, "keywords", tag);
        if (format == ExportFormat.EPUB) addMeta(options, "identifier", EpubExporter.identifier(document));
        return options;
    }

    private static void addMeta(List<String> options, String key, String value) {
        if (value == null) return;
        String literal = CONTROL_CHARACTERS.matcher(value).replaceAll(" ").strip();
        if (literal.isEmpty()) return;
        options.add("-M");
        options.add(key + "=" + literal);
    }
}
