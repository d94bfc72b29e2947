package io.inkstone.cli;

import io.inkstone.brief.ExportFormat;
import io.inkstone.export.EngineChoice;
import io.inkstone.export.EngineStatus;
import io.inkstone.export.ExportException;
import io.inkstone.export.ExportResult;
import io.inkstone.export.ExportService;
import io.inkstone.export.ExportSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inkstone export NOTE.md [--pdf] [--epub] [--out DIR] [--engine auto|java|pandoc]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a Markdown note as PDF and EPUB, beside the note unless --out is given.",
                "Without --pdf or --epub both are made. An earlier export of the same note is replaced; "
                        + "a failed export leaves no partial file.",
                "Settings (inkstone.properties in the current folder or the Inkstone folder, or -D system properties): "
                        + "inkstone.export.engine, inkstone.export.font, inkstone.export.css. "
                        + "The stylesheet defaults to templates/export.css when that file exists."})
public final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NOTE.md", description = "the Markdown note to export")
    Path note;

    @Option(names = "--pdf", description = "make a PDF")
    boolean pdf;

    @Option(names = "--epub", description = "make an EPUB")
    boolean epub;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "folder for the files (default: the note's folder)")
    Path out;

    @Option(names = "--engine", paramLabel = "auto|java|pandoc",
            description = "auto (default): Pandoc when it can do the job, else pure Java; java; pandoc")
    String engine;

    @Option(names = "--font", paramLabel = "FILE", description = "TrueType font (.ttf/.ttc) for Chinese text in PDFs")
    Path font;

    @Option(names = "--css", paramLabel = "FILE", description = "stylesheet applied after the default one")
    Path css;

    @Option(names = "--engines", description = "list the export engines found on this machine, then stop")
    boolean listEngines;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExportSettings settings;
        try {
            settings = settings();
        } catch (ExportException e) {
            err.println("inkstone export: " + e.getMessage());
            return ExitCode.USAGE.code();
        } catch (IOException e) {
            err.println("inkstone export: cannot read the settings: " + e.getMessage());
            return ExitCode.IO_ERROR.code();
        }
        ExportService service;
        try {
            service = ExportService.create(settings);
        } catch (ExportException e) {
            err.println("inkstone export: " + e.getMessage());
            return ExitCode.INVALID_INPUT.code();
        }
        if (listEngines) {
            service.engines().forEach(out::println);
            return ExitCode.OK.code();
        }
        if (note == null) {
            err.println("inkstone export: name the note to export, e.g. inkstone export notes/My note.md");
            return ExitCode.USAGE.code();
        }
        List<ExportFormat> formats = new ArrayList<>();
        if (pdf || !epub) formats.add(ExportFormat.PDF);
        if (epub || !pdf) formats.add(ExportFormat.EPUB);
        try {
            service.export(note, formats, this.out).forEach(result -> out.println(line(result)));
            return ExitCode.OK.code();
        } catch (ExportException e) {
            e.written().forEach(result -> out.println(line(result)));
            err.println("inkstone export: " + e.getMessage());
            return switch (e.reason()) {
                case INPUT, SETTINGS -> ExitCode.INVALID_INPUT.code();
                case OUTPUT -> ExitCode.IO_ERROR.code();
                case ENGINE -> ExitCode.EXPORT_ERROR.code();
            };
        } catch (StackOverflowError | OutOfMemoryError e) {
            // the service turns these into ExportException; this is the last line of defence (exit 4, no stack trace)
            err.println("inkstone export: the export of " + note.getFileName() + " failed: "
                    + (e instanceof StackOverflowError ? "the note is nested too deeply" : "out of memory")
                    + "; nothing was written");
            return ExitCode.EXPORT_ERROR.code();
        }
    }

    private static String line(ExportResult result) {
        return String.format(Locale.ROOT, "%-4s %s  (%s, %.2f s)", result.format(), result.file(), result.engine(),
                result.took().toMillis() / 1000.0);
    }

    /** Settings file, then system properties, then options; the stylesheet defaults to templates/export.css. */
    private ExportSettings settings() throws IOException {
        Properties properties = new Properties();
        Path base = Path.of("").toAbsolutePath();
        Path settingsFile = settingsFile();
        if (settingsFile != null) {
            try (Reader reader = Files.newBufferedReader(settingsFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            base = settingsFile.toAbsolutePath().getParent();
        }
        for (String key : List.of(ExportSettings.ENGINE_KEY, ExportSettings.FONT_KEY, ExportSettings.CSS_KEY)) {
            String value = System.getProperty(key);
            if (value != null) properties.setProperty(key, value);
        }
        ExportSettings settings = ExportSettings.fromProperties(properties, base);
        if (engine != null) settings = settings.withEngine(EngineChoice.parse(engine));
        if (font != null) settings = settings.withFontFile(font.toAbsolutePath());
        if (css != null) settings = settings.withUserCss(css.toAbsolutePath());
        if (settings.userCss() == null) settings = settings.withUserCss(defaultStylesheet());
        return settings;
    }

    private static Path settingsFile() {
        for (Path folder : searchFolders()) {
            Path file = folder.resolve("inkstone.properties");
            if (Files.isRegularFile(file)) return file;
        }
        return null;
    }

    private static Path defaultStylesheet() {
        for (Path folder : searchFolders()) {
            Path file = folder.resolve("templates").resolve("export.css");
            if (Files.isRegularFile(file)) return file.toAbsolutePath();
        }
        return null;
    }

    /** The current folder, then the Inkstone folder ({@code -Dinkstone.home}, set by bin/inkstone). */
    private static List<Path> searchFolders() {
        List<Path> folders = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        String home = System.getProperty("inkstone.home");
        if (home != null && !home.isBlank()) folders.add(Path.of(home).toAbsolutePath());
        return folders;
    }
}
