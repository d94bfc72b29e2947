package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.ExportFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inkstone's EPUB 3 writer on the kitchen-sink note, validated with EPUBCheck 5.3.0. */
class EpubExportTest {
    @TempDir
    static Path folder;
    static ExportService service;
    static ExportResult result;

    @BeforeAll
    static void export() throws IOException {
        Path note = ExportTestSupport.copyResource(ExportTestSupport.KITCHEN_SINK, folder);
        service = ExportService.create(ExportSettings.defaults().withEngine(EngineChoice.JAVA));
        result = service.export(note, List.of(ExportFormat.EPUB), null).get(0);
    }

    @Test
    void should_pass_epubcheck_without_errors_or_warnings() {
        ExportTestSupport.EpubCheckResult check = ExportTestSupport.epubCheck(result.file());
        assertThat(check.fatalErrors()).as(check.report()).isZero();
        assertThat(check.errors()).as(check.report()).isZero();
        assertThat(check.warnings()).as(check.report()).isZero();
        assertThat(result.engine()).isEqualTo("inkstone-epub");
    }

    @Test
    void should_store_the_mimetype_first_and_uncompressed() throws IOException {
        byte[] bytes = Files.readAllBytes(result.file());
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(0)).as("local file header signature").isEqualTo(0x04034b50);
        assertThat(header.getShort(8)).as("compression method: stored").isZero();
        int nameLength = header.getShort(26);
        int extraLength = header.getShort(28);
        assertThat(new String(bytes, 30, nameLength, StandardCharsets.US_ASCII)).isEqualTo("mimetype");
        assertThat(extraLength).as("no extra field").isZero();
        assertThat(new String(bytes, 30 + nameLength, 20, StandardCharsets.US_ASCII)).isEqualTo("application/epub+zip");
    }

    @Test
    void should_split_chapters_at_the_top_headings_and_navigate_to_every_heading() throws IOException {
        try (ZipFile zip = new ZipFile(result.file().toFile())) {
            List<String> chapters = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).filter(name -> name.matches("OEBPS/chapter-\\d+\\.xhtml")).forEach(chapters::add);
            // the title with its opening paragraphs, then one chapter per ## section
            assertThat(chapters).hasSize(5);
            assertThat(read(zip, "OEBPS/chapter-1.xhtml")).contains("<h1 id=\"h-1\">墨石导出测试：春江花月夜</h1>")
                    .doesNotContain("表格与列表");
            assertThat(read(zip, "OEBPS/chapter-2.xhtml")).contains("表格与列表").doesNotContain("代码与引用");
            String nav = read(zip, "OEBPS/nav.xhtml");
            assertThat(nav).contains("epub:type=\"toc\"").contains("<h1>目录</h1>")
                    .contains("href=\"chapter-1.xhtml#h-1\"").contains("href=\"chapter-5.xhtml#h-5\"").contains("第三章：结尾");
            // footnote references in chapter 4 point to the notes in chapter 5
            assertThat(read(zip, "OEBPS/chapter-4.xhtml")).contains("href=\"chapter-5.xhtml#fn-1\"");
            String opf = read(zip, "OEBPS/package.opf");
            assertThat(opf).contains("<dc:title>墨石导出测试：春江花月夜</dc:title>")
                    .contains("<dc:creator>张若虚</dc:creator>").contains("<dc:language>zh-CN</dc:language>")
                    .contains("<dc:subject>唐诗</dc:subject>").contains("<dc:date>2026-11-29</dc:date>")
                    .containsPattern("<meta property=\"dcterms:modified\">\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</meta>")
                    .containsPattern("<dc:identifier id=\"book-id\">urn:uuid:[0-9a-f-]{36}</dc:identifier>");
            assertThat(read(zip, "OEBPS/chapter-2.xhtml")).contains("<meta charset=\"UTF-8\"/>").contains("xml:lang=\"zh-CN\"");
        }
    }

    @Test
    void should_give_the_same_note_the_same_identifier_and_bytes() throws IOException {
        Path other = Files.createDirectories(folder.resolve("again"));
        ExportResult second = service.export(folder.resolve(ExportTestSupport.KITCHEN_SINK), List.of(ExportFormat.EPUB), other).get(0);
        assertThat(second.file()).isEqualTo(other.resolve("kitchen-sink.epub"));
        assertThat(Files.readAllBytes(second.file())).isEqualTo(Files.readAllBytes(result.file()));
    }

    @Test
    void should_pack_pictures_and_a_cover_and_still_pass_epubcheck(@TempDir Path vault) throws IOException {
        Files.createDirectories(vault.resolve(".obsidian"));
        Path attachments = Files.createDirectories(vault.resolve("attachments"));
        ImageIO.write(new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB), "png", attachments.resolve("cover image.png").toFile());
        ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "jpg", attachments.resolve("插图.jpg").toFile());
        Path note = Files.createDirectories(vault.resolve("notes")).resolve("Picture book.md");
        Files.writeString(note, """
                ---
                title: Picture book
                lang: en
                cover: "[[cover image.png]]"
                id: 6f1c2a4e-1111-4c3b-9d2e-0123456789ab
                date: 2026-11-29 10:15
                ---
                Some text before any heading, with a [link to another note](Other.md) and ![remote](https://example.org/x.png).

                # Chapter one

                ![[插图.jpg|300]] and ![missing](nowhere.png)

                ### A deep heading

                Text.

                # Chapter two

                [Back to the deep heading](#a-deep-heading)
                """);
        ExportResult epub = service.export(note, List.of(ExportFormat.EPUB), null).get(0);
        ExportTestSupport.EpubCheckResult check = ExportTestSupport.epubCheck(epub.file());
        assertThat(check.errors() + check.fatalErrors() + check.warnings()).as(check.report()).isZero();
        try (ZipFile zip = new ZipFile(epub.file().toFile())) {
            String opf = read(zip, "OEBPS/package.opf");
            assertThat(opf).contains("properties=\"cover-image\"").contains("media-type=\"image/jpeg\"")
                    .contains("<dc:identifier id=\"book-id\">urn:uuid:6f1c2a4e-1111-4c3b-9d2e-0123456789ab</dc:identifier>")
                    .contains("<dc:date>2026-11-29T10:15</dc:date>");
            assertThat(zip.getEntry("OEBPS/cover.xhtml")).isNotNull();
            assertThat(read(zip, "OEBPS/chapter-3.xhtml")).contains("href=\"chapter-2.xhtml#h-2\"");
            assertThat(read(zip, "OEBPS/chapter-1.xhtml")).contains("<a href=\"https://example.org/x.png\">remote</a>")
                    .contains("<span class=\"link\">link to another note</span>");
        }
    }

    private static String read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
