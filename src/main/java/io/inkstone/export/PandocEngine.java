package io.inkstone.export;

import io.inkstone.brief.ExportFormat;
import io.inkstone.render.Heading;
import io.inkstone.render.RenderedDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
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
    private static final long EXPORT_SECONDS = 600;
    /** Pandoc's CommonMark with GFM-like extensions; East Asian line breaks join CJK lines, as in the Java path. */
    private static final String READER = "commonmark_x+autolink_bare_uris+east_asian_line_breaks-smart";
    private static final Pattern WIKI = Pattern.compile("(!?)\\[\\[([^\\]|#]*)(#[^\\]|]*)?(?:\\|([^\\]]*))?]]");
    private static final Pattern IMAGE_FILE = Pattern.compile("(?i).+\\.(png|jpe?g|gif|svg|webp)");
    private static final String INSTALL_PANDOC = "install Pandoc (apt-get install pandoc, or see pandoc.org/installing)"
            + " or use --engine java";
    private static final String INSTALL_PDF_ENGINE = "install a CJK-capable PDF engine for Pandoc: WeasyPrint and a "
            + "Chinese font (apt-get install weasyprint fonts-wqy-microhei) or XeLaTeX with ctex (apt-get install "
            + "texlive-xetex texlive-lang-chinese), or use --engine java";

    /** The PDF engine Pandoc drives. */
    enum PdfEngine { WEASYPRINT, XELATEX }

    private final String pandoc;
    private final EngineStatus epubStatus;
    private final EngineStatus pdfStatus;
    private final PdfEngine pdfEngine;
    private final boolean ctex;
    private final String cjkFontFamily;

    private PandocEngine(String pandoc, EngineStatus epubStatus, EngineStatus pdfStatus, PdfEngine pdfEngine,
                         boolean ctex, String cjkFontFamily) {
        this.pandoc = pandoc;
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
            return new PandocEngine(pandoc, new EngineStatus(EngineNames.PANDOC, "EPUB", false, why),
                    new EngineStatus(EngineNames.PANDOC, "PDF", false, why), null, false, null);
        }
        String pandocVersion = version.output().lines().findFirst().orElse("pandoc").strip();
        EngineStatus epub = new EngineStatus(EngineNames.PANDOC, "EPUB", true, pandocVersion);

        ExternalCommand.Result fonts = ExternalCommand.run(
                List.of("fc-list", "-f", "%{family[0]}\\n", ":lang=zh"), null, PROBE_SECONDS);
        String cjkFamily = !fonts.ok() ? null : fonts.output().lines().map(String::strip)
                .filter(line -> !line.isEmpty()).sorted().findFirst().orElse(null);
        List<String> reasons = new ArrayList<>();
        ExternalCommand.Result weasy = ExternalCommand.run(List.of(weasyprint, "--version"), null, PROBE_SECONDS);
        if (weasy.ok() && cjkFamily != null) {
            return new PandocEngine(pandoc, epub, new EngineStatus(EngineNames.PANDOC_WEASYPRINT, "PDF", true,
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
                return new PandocEngine(pandoc, epub, new EngineStatus(EngineNames.PANDOC_XELATEX, "PDF", true,
                        pandocVersion + ", " + tex.output().lines().findFirst().orElse("xelatex").strip() + ", " + via),
                        PdfEngine.XELATEX, hasCtex, cjkFamily);
            }
            reasons.add(hasXeCjk ? "XeLaTeX has xeCJK but no Chinese font is known to fontconfig"
                    : "XeLaTeX has neither ctex.sty nor xeCJK.sty");
        } else {
            reasons.add("XeLaTeX is not installed");
        }
        return new PandocEngine(pandoc, epub, new EngineStatus(EngineNames.PANDOC, "PDF", false,
                "Pandoc is installed but cannot make PDFs with Chinese text (" + String.join("; ", reasons) + "); "
                        + INSTALL_PDF_ENGINE), null, false, cjkFamily);
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
     * @return the engine name for the note's properties
     * @throws IOException when Pandoc fails (the message has the end of its output)
     */
    String write(ExportFormat format, RenderedDocument document, ExportSource source, String css, Path output)
            throws IOException {
        EngineStatus status = status(format);
        if (!status.available()) throw new IOException(status.detail());
        Path work = Files.createTempDirectory("inkstone-pandoc");
        try {
            boolean titleHeading = singleLeadingTitle(document);
            Path markdown = work.resolve("note.md");
            Files.writeString(markdown, pandocMarkdown(source.note().body(), new ImageResolver(source.folder()),
                    titleHeading ? document.title() : null), StandardCharsets.UTF_8);
            Path metadata = work.resolve("metadata.yaml");
            Files.writeString(metadata, metadataYaml(document, format, source.folder()), StandardCharsets.UTF_8);
            Path folder = source.folder();
            List<String> command = new ArrayList<>(List.of(pandoc, markdown.toString(), "-f", READER, "-s",
                    "--metadata-file=" + metadata, "--resource-path=" + folder, "-o", output.toString()));
            // EPUB chapters and LaTeX sections start at level 1; HTML for WeasyPrint keeps the note's levels
            if (titleHeading && (format == ExportFormat.EPUB || pdfEngine == PdfEngine.XELATEX)) {
                command.add("--shift-heading-level-by=-1");
            }
            String engine;
            if (format == ExportFormat.EPUB) {
                Path stylesheet = work.resolve("style.css");
                Files.writeString(stylesheet, css, StandardCharsets.UTF_8);
                command.addAll(List.of("-t", "epub3", "--toc", "--toc-depth=3", "--css=" + stylesheet));
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
            ExternalCommand.Result result = ExternalCommand.run(command, folder, EXPORT_SECONDS);
            if (!result.ok()) {
                throw new IOException(engine + " failed (exit " + result.exitCode() + "):\n" + result.tail(15));
            }
            if (!result.output().isBlank()) LOG.debug("{} said: {}", engine, result.output().strip());
            return engine;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** True when the note's only level-1 heading opens it and is its title (Pandoc then shows it as the title). */
    private static boolean singleLeadingTitle(RenderedDocument document) {
        List<Heading> headings = document.headings();
        return !headings.isEmpty() && headings.get(0).level() == 1 && headings.get(0).text().equals(document.title())
                && headings.stream().filter(h -> h.level() == 1).count() == 1;
    }

    /**
     * The note's Markdown for Pandoc: Obsidian links become their text, embedded pictures become Markdown images
     * (with absolute paths), and the title heading is dropped when Pandoc shows the title itself.
     */
    static String pandocMarkdown(String body, ImageResolver images, String titleToDrop) {
        String text = body;
        if (titleToDrop != null) {
            text = Pattern.compile("^#[ \\t]+" + Pattern.quote(titleToDrop) + "[ \\t#]*\\R", Pattern.MULTILINE)
                    .matcher(text).replaceFirst("");
        }
        Matcher matcher = WIKI.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean embed = !matcher.group(1).isEmpty();
            String page = matcher.group(2).strip();
            String anchor = matcher.group(3) == null ? "" : matcher.group(3).substring(1).strip();
            String alias = matcher.group(4) == null ? "" : matcher.group(4).strip();
            String replacement;
            if (embed && IMAGE_FILE.matcher(page).matches()) {
                Path file = images.resolve(page.replace("%", "%25").replace(" ", "%20"));
                String label = alias.isEmpty() || alias.matches("\\d+(x\\d+)?") ? page : alias;
                replacement = file == null ? "[" + label + "]" : "![" + label + "](<" + file.toAbsolutePath() + ">)";
            } else if (!alias.isEmpty()) {
                replacement = alias;
            } else {
                replacement = anchor.isEmpty() || anchor.startsWith("^") ? page : page + " › " + anchor;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String metadataYaml(RenderedDocument document, ExportFormat format, Path noteFolder) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("title", document.title());
        if (document.author() != null) metadata.put("author", List.of(document.author().split(",\\s*")));
        metadata.put("lang", document.language());
        if (document.date() != null) metadata.put("date", document.date());
        if (document.subject() != null) {
            metadata.put("subject", document.subject());
            metadata.put("description", document.subject());
        }
        if (!document.tags().isEmpty()) metadata.put("keywords", document.tags());
        if (format == ExportFormat.EPUB) {
            metadata.put("identifier", List.of(Map.of("text", EpubExporter.identifier(document))));
            String cover = document.property("cover", "cover-image", "image");
            if (cover != null) {
                Path file = new ImageResolver(noteFolder).resolve(cover.replaceAll("^!?\\[\\[|]]$", "").strip()
                        .replace("%", "%25").replace(" ", "%20"));
                if (file != null) metadata.put("cover-image", file.toAbsolutePath().toString());
            }
        }
        return new Dump(DumpSettings.builder().build()).dumpToString(metadata);
    }
}
