package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.inkstone.brief.ExportFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports the hostile-notes corpus ({@code src/test/resources/hostile/}) with every engine on this machine (the
 * pure-Java PDF and EPUB engines always, Pandoc where installed) and checks what an attacker would want: no byte of a
 * file outside the vault (nor of a refused file inside it) appears in any PDF or EPUB (decompressed), no HTTP request
 * reaches the in-process server, no script or frame survives, and every export finishes or fails with an
 * {@link ExportException} within 30 s.
 */
class HostileNotesTest {
    private static final List<String> NOTES = List.of("file-references.md", "remote.md", "wrong-types.md", "raw-tex.md",
            "front-matter.md", "cover-relative.md", "cover-remote.md", "cover-symlink.md");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path root;
    static Path notes;
    static Path vault;
    static String marker;
    static String fakeMarker;
    static HttpServer server;
    static final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void corpus() throws IOException {
        marker = "SECRET" + UUID.randomUUID().toString().replace("-", "");
        fakeMarker = "REFUSED" + UUID.randomUUID().toString().replace("-", "");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = ("HTTP" + marker).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String http = "http://127.0.0.1:" + server.getAddress().getPort();

        Path secret = Files.writeString(root.resolve("secret.txt"), "top secret " + marker + "\n");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        png.write(("tEXt" + marker).getBytes(StandardCharsets.US_ASCII));
        Path secretPng = Files.write(root.resolve("secret.png"), png.toByteArray());

        vault = Files.createDirectories(root.resolve("vault"));
        Files.createDirectories(vault.resolve(".obsidian"));
        notes = Files.createDirectories(vault.resolve("notes"));
        Files.createSymbolicLink(notes.resolve("link.png"), secretPng);
        Files.writeString(notes.resolve("fake.png"), "not a picture " + fakeMarker);
        Files.writeString(notes.resolve("fake.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>" + fakeMarker + "</text></svg>");
        Files.writeString(notes.resolve("hostile.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "xmlns:xlink=\"http://www.w3.org/1999/xlink\"><!-- " + fakeMarker + " --><image xlink:href=\""
                + secretPng.toUri() + "\"/><image href=\"" + http + "/svg.png\"/></svg>");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", notes.resolve("real.png").toFile());

        for (String name : NOTES) {
            try (InputStream in = HostileNotesTest.class.getResourceAsStream("/hostile/" + name)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("@SECRET_PNG_URI@", secretPng.toUri().toString())
                        .replace("@SECRET_PNG@", secretPng.toString())
                        .replace("@SECRET_URI@", secret.toUri().toString())
                        .replace("@SECRET@", secret.toString())
                        .replace("@HTTP@", http);
                Files.writeString(notes.resolve(name), text);
            }
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.stop(0);
    }

    @Test
    void java_engines_leak_nothing_and_fetch_nothing() throws IOException {
        ExportService service = new ExportService(ExportSettings.defaults().withEngine(EngineChoice.JAVA),
                FontLocator.system(), null);
        Map<String, List<Path>> written = exportAll(service, List.of(ExportFormat.PDF, ExportFormat.EPUB), "java");
        assertSafe(written);
        // the corpus really was rendered: a real picture inside the vault is embedded, text is there
        Path epub = written.get("wrong-types.md").stream().filter(f -> f.toString().endsWith(".epub")).findFirst().orElseThrow();
        assertThat(entries(epub).keySet()).anyMatch(name -> name.startsWith("OEBPS/images/") && name.endsWith(".png"));
        assertThat(entries(epub).keySet()).noneMatch(name -> name.endsWith(".svg"));
    }

    @Test
    void pandoc_leaks_nothing_and_fetches_nothing() throws IOException {
        PandocEngine pandoc = PandocEngine.detect();
        EngineStatus epubStatus = pandoc.status(ExportFormat.EPUB);
        assumeTrue(epubStatus.available(), "skipped: " + epubStatus.detail());
        List<ExportFormat> formats = new ArrayList<>(List.of(ExportFormat.EPUB));
        if (pandoc.status(ExportFormat.PDF).available()) formats.add(ExportFormat.PDF);
        ExportService service = new ExportService(ExportSettings.defaults().withEngine(EngineChoice.PANDOC),
                FontLocator.system(), pandoc);
        Map<String, List<Path>> written = exportAll(service, formats, "pandoc");
        assertSafe(written);
        Path epub = written.get("wrong-types.md").get(0);
        assertThat(entries(epub).keySet()).anyMatch(name -> name.endsWith(".png"));
    }

    @Test
    void deeply_nested_notes_export_with_every_engine() throws IOException {
        StringBuilder note = new StringBuilder("# Deep\n\n");
        for (int i = 0; i < 150; i++) note.append("  ".repeat(i)).append("- level ").append(i).append('\n');
        note.append("\n").append("> ".repeat(3000)).append("deepest quote\n\n");
        note.append("1. ".repeat(3000)).append("deepest ordered item\n\n");
        note.append("> - ".repeat(1500)).append("deepest mixed item\n\n");
        StringBuilder emphasis = new StringBuilder();
        for (int i = 0; i < 3000; i++) emphasis.append(i % 2 == 0 ? "*w " : "_w ");
        emphasis.append("deepest emphasis");
        for (int i = 2999; i >= 0; i--) emphasis.append(i % 2 == 0 ? " w*" : " w_");
        note.append(emphasis).append("\n\n");
        note.append("<div>".repeat(3000)).append("deepest division").append("</div>".repeat(3000)).append("\n\n");
        note.append("The end of the deep note.\n");
        Path deep = Files.writeString(notes.resolve("deep.md"), note.toString());

        List<ExportService> services = new ArrayList<>();
        services.add(new ExportService(ExportSettings.defaults().withEngine(EngineChoice.JAVA), FontLocator.system(), null));
        PandocEngine pandoc = PandocEngine.detect();
        if (pandoc.status(ExportFormat.EPUB).available()) {
            services.add(new ExportService(ExportSettings.defaults().withEngine(EngineChoice.PANDOC), FontLocator.system(), pandoc));
        }
        int round = 0;
        for (ExportService service : services) {
            Path out = root.resolve("deep-" + round++);
            List<ExportFormat> formats = round == 1 ? List.of(ExportFormat.PDF, ExportFormat.EPUB) : List.of(ExportFormat.EPUB);
            List<ExportResult> results = assertTimeoutPreemptively(LIMIT, () -> service.export(deep, formats, out));
            for (ExportResult result : results) {
                String text = textOf(result.file());
                assertThat(text).as(result.engine()).contains("deepest quote", "deepest ordered item", "deepest mixed item",
                        "deepest emphasis", "deepest division", "The end of the deep note");
            }
        }
    }

    /** Exports every note of the corpus; returns the files written per note. */
    private Map<String, List<Path>> exportAll(ExportService service, List<ExportFormat> formats, String engine) {
        Map<String, List<Path>> written = new LinkedHashMap<>();
        for (String name : NOTES) {
            Path out = root.resolve("out-" + engine).resolve(name.replace(".md", ""));
            List<Path> files = assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    return service.export(notes.resolve(name), formats, out).stream().map(ExportResult::file).toList();
                } catch (ExportException e) {
                    return e.written().stream().map(ExportResult::file).toList();
                }
            }, () -> engine + " export of " + name + " did not finish within " + LIMIT.toSeconds() + " s");
            written.put(name, files);
        }
        return written;
    }

    private void assertSafe(Map<String, List<Path>> written) throws IOException {
        assertThat(requests).as("HTTP requests that reached the server").isEmpty();
        int files = 0;
        for (Map.Entry<String, List<Path>> note : written.entrySet()) {
            for (Path file : note.getValue()) {
                files++;
                String where = note.getKey() + " → " + file.getFileName();
                byte[] raw = Files.readAllBytes(file);
                String rawText = new String(raw, StandardCharsets.ISO_8859_1);
                assertThat(rawText.contains(marker) || rawText.contains(fakeMarker)).as(where + ": a marker in the raw bytes").isFalse();
                String content = textOf(file);
                assertThat(content.contains(marker)).as(where + ": the secret's marker in the decompressed content").isFalse();
                assertThat(content.contains(fakeMarker)).as(where + ": a refused file's marker in the decompressed content").isFalse();
                assertThat(content).as(where).contains("The end of the");
                if (file.toString().endsWith(".epub")) {
                    String markup = content.toLowerCase(java.util.Locale.ROOT);
                    assertThat(markup).as(where).doesNotContain("<script", "<iframe", "<object", "<embed", "<video",
                            "<audio", "javascript:", "onclick", "url(file:", "url(http", "poster=", "srcset=");
                }
            }
        }
        assertThat(files).as("files written").isGreaterThanOrEqualTo(NOTES.size());
    }

    /** Every decompressed byte of an EPUB (all entries) or a PDF (extracted text and every decoded stream). */
    static String textOf(Path file) throws IOException {
        StringBuilder all = new StringBuilder();
        if (file.toString().endsWith(".epub")) {
            entries(file).values().forEach(bytes -> all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n'));
            entries(file).values().forEach(bytes -> all.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n'));
            return all.toString();
        }
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            all.append(new PDFTextStripper().getText(pdf)).append('\n');
            for (COSObject object : pdf.getDocument().getXrefTable().keySet().stream()
                    .map(key -> pdf.getDocument().getObjectFromPool(key)).toList()) {
                COSBase base = object.getObject();
                if (base instanceof COSStream stream) {
                    try (InputStream in = stream.createInputStream()) {
                        all.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).append('\n');
                    } catch (IOException e) {
                        // a stream PDFBox cannot decode: its raw bytes were checked with the file
                    }
                }
            }
        }
        return all.toString().replaceAll("\\s+", " ");
    }

    static Map<String, byte[]> entries(Path epub) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(epub))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) entries.put(entry.getName(), zip.readAllBytes());
        }
        return entries;
    }

    static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
