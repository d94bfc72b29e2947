package io.inkstone.export;

import io.inkstone.brief.ExportFormat;
import io.inkstone.io.AtomicFiles;
import io.inkstone.render.MarkdownRenderer;
import io.inkstone.render.RenderedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a Markdown note beside itself (or into a chosen folder) as PDF and EPUB.
 *
 * <p>Engines: Pandoc when it is installed and can do the job (for PDF only with a CJK-capable PDF engine), checked
 * once when the service is created, else the pure-Java engines (openhtmltopdf + PDFBox for PDF, Inkstone's own EPUB
 * writer), so a fresh machine still gets both files. Files are written through a temporary file and an atomic
 * move: a re-export replaces the previous export of the same note, and a failed export leaves no partial file.
 * Thread-safe.
 */
public final class ExportService {
    private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);

    private final ExportSettings settings;
    private final MarkdownRenderer renderer = new MarkdownRenderer();
    private final FontLocator fontLocator;
    private final PandocEngine pandoc;
    private final String userCss;
    private FontLocator.FontSet fonts;

    ExportService(ExportSettings settings, FontLocator fontLocator, PandocEngine pandoc) {
        this.settings = settings;
        this.fontLocator = fontLocator;
        this.pandoc = pandoc == null && settings.engine() == EngineChoice.PANDOC ? PandocEngine.detect() : pandoc;
        this.userCss = readUserCss(settings.userCss());
    }

    /**
     * Creates the service and detects Pandoc and its PDF engines (unless the engine is {@link EngineChoice#JAVA}).
     *
     * @throws ExportException when the user stylesheet is set but unreadable
     */
    public static ExportService create(ExportSettings settings) {
        PandocEngine pandoc = settings.engine() == EngineChoice.JAVA ? null : PandocEngine.detect();
        ExportService service = new ExportService(settings, FontLocator.system(), pandoc);
        service.engines().forEach(status -> LOG.debug("export engine: {}", status));
        return service;
    }

    /** The engines this service can use, with versions or the reason they cannot be used. */
    public List<EngineStatus> engines() {
        List<EngineStatus> engines = new ArrayList<>();
        if (pandoc != null) {
            engines.add(pandoc.status(ExportFormat.PDF));
            engines.add(pandoc.status(ExportFormat.EPUB));
        }
        engines.add(new EngineStatus(PdfExporter.ENGINE, "PDF", true, "pure Java (openhtmltopdf, Apache PDFBox 3)"));
        engines.add(new EngineStatus(EpubExporter.ENGINE, "EPUB", true, "pure Java (EPUB 3)"));
        return engines;
    }

    /**
     * Exports a note file. Each file is named after the note ({@code Note.md} → {@code Note.pdf}, {@code Note.epub}).
     *
     * @param noteMd  the Markdown note (front matter gives title, author, date, tags, language, description)
     * @param formats the formats to write (duplicates ignored)
     * @param outDir  the folder for the files (created when missing), or null for the note's folder
     * @return one result per format, with the engine that made it
     * @throws ExportException when the note is unreadable or invalid, an engine is missing or fails, or the folder is
     *                         not writable; formats written before the failure are listed in {@link ExportException#written()}
     */
    public List<ExportResult> export(Path noteMd, Collection<ExportFormat> formats, Path outDir) {
        ExportSource source = ExportSource.read(noteMd);
        return export(source, formats, outDir == null ? source.folder() : outDir);
    }

    /**
     * Exports a note (in memory or read from a file) into {@code outDir}, each file named {@code <stem>.<format>}.
     *
     * @throws ExportException as {@link #export(Path, Collection, Path)}
     */
    public List<ExportResult> export(ExportSource source, Collection<ExportFormat> formats, Path outDir) {
        RenderedDocument document = renderer.render(source.note(), source.stem());
        Path folder = outDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ExportException(ExportException.Reason.OUTPUT, "cannot create the output folder " + folder + ": "
                    + describe(e) + "; choose another folder with --out", e);
        }

        List<ExportResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ExportException firstFailure = null;
        for (ExportFormat format : new LinkedHashSet<>(formats)) {
            Path target = folder.resolve(source.stem() + "." + format.extension());
            try {
                results.add(exportOne(format, document, source, target));
            } catch (ExportException e) {
                LOG.error("{} export of {} failed: {}", format, source.stem(), e.getMessage());
                failures.add(format + ": " + e.getMessage());
                if (firstFailure == null) firstFailure = e;
            }
        }
        if (firstFailure != null) {
            String message = failures.size() == 1 ? failures.get(0) : String.join("\n", failures);
            throw new ExportException(firstFailure.reason(), message, firstFailure, results);
        }
        return results;
    }

    private ExportResult exportOne(ExportFormat format, RenderedDocument document, ExportSource source, Path target) {
        String note = source.stem();
        long started = System.nanoTime();
        boolean usePandoc = switch (settings.engine()) {
            case JAVA -> false;
            case PANDOC -> {
                EngineStatus status = pandoc.status(format);
                if (!status.available()) throw new ExportException(ExportException.Reason.ENGINE, status.detail());
                yield true;
            }
            case AUTO -> pandoc != null && pandoc.status(format).available();
        };
        String[] engine = new String[1];
        if (usePandoc) {
            try {
                AtomicFiles.replace(target, nonEmpty(temporary -> engine[0] = pandoc.write(format, document, source, css(format), temporary)));
            } catch (IOException e) {
                if (settings.engine() == EngineChoice.PANDOC) {
                    throw new ExportException(ExportException.Reason.ENGINE, "Pandoc could not export " + note
                            + " to " + format + ": " + describe(e) + "; or use --engine java", e);
                }
                LOG.warn("Pandoc failed on {} ({}); using the pure-Java {} engine instead", note, describe(e), format);
                usePandoc = false;
            }
        }
        if (!usePandoc) {
            try {
                if (format == ExportFormat.PDF) {
                    PdfExporter pdf = new PdfExporter(fonts(), css(format));
                    AtomicFiles.replace(target, nonEmpty(temporary -> pdf.write(document, source, temporary)));
                    engine[0] = PdfExporter.ENGINE;
                } else {
                    EpubExporter epub = new EpubExporter(css(format));
                    AtomicFiles.replace(target, nonEmpty(temporary -> epub.write(document, source, temporary)));
                    engine[0] = EpubExporter.ENGINE;
                }
            } catch (IOException | UncheckedIOException e) {
                boolean output = e instanceof java.nio.file.FileSystemException;
                throw new ExportException(output ? ExportException.Reason.OUTPUT : ExportException.Reason.ENGINE,
                        "cannot write " + target + ": " + describe(e)
                                + (output ? "; check that the folder is writable and has free space" : ""), e);
            } catch (RuntimeException e) {
                if (e instanceof ExportException exportException) throw exportException;
                throw new ExportException(ExportException.Reason.ENGINE, "the " + format + " engine failed on "
                        + note + ": " + describe(e) + " (nothing was written; please report it)", e);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("exported {} with {} in {} ms", target, engine[0], took.toMillis());
        return new ExportResult(format, target, engine[0], took);
    }

    /** An engine that "succeeds" with an empty file has failed: the file is not put in place. */
    private static AtomicFiles.Writer nonEmpty(AtomicFiles.Writer writer) {
        return temporary -> {
            writer.writeTo(temporary);
            if (Files.size(temporary) == 0) throw new IOException("the export produced an empty file");
        };
    }

    private synchronized FontLocator.FontSet fonts() {
        if (fonts == null) fonts = fontLocator.locate(settings.fontFile());
        return fonts;
    }

    private String css(ExportFormat format) {
        return resource("base.css") + "\n" + resource(format == ExportFormat.PDF ? "pdf.css" : "epub.css")
                + (userCss.isEmpty() ? "" : "\n/* " + settings.userCss().getFileName() + " */\n" + userCss);
    }

    private static String resource(String name) {
        try (InputStream in = ExportService.class.getResourceAsStream("/io/inkstone/export/" + name)) {
            if (in == null) throw new IllegalStateException("resource io/inkstone/export/" + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readUserCss(Path file) {
        if (file == null) return "";
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExportException(ExportException.Reason.SETTINGS, "cannot read the export stylesheet " + file
                    + " (inkstone.export.css or --css): " + describe(e) + "; fix the path or remove the setting", e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied (" + message + ")";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder (" + message + ")";
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) return fs.getReason() + " (" + fs.getFile() + ")";
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
