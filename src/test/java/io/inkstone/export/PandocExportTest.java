package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inkstone.brief.ExportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pandoc engines, where they are installed: each test is skipped, saying why, when Pandoc (or, for PDF, a
 * CJK-capable PDF engine) is missing on this machine.
 */
class PandocExportTest {
    private static final String TITLE = "墨石导出测试：春江花月夜";

    @TempDir
    static Path folder;
    static PandocEngine pandoc;
    static Path note;

    @BeforeAll
    static void detect() throws IOException {
        pandoc = PandocEngine.detect();
        note = ExportTestSupport.copyResource(ExportTestSupport.KITCHEN_SINK, folder);
    }

    private static ExportService service() {
        return new ExportService(ExportSettings.defaults().withEngine(EngineChoice.PANDOC), FontLocator.system(), pandoc);
    }

    @Test
    void should_make_an_epub_that_passes_epubcheck() throws IOException {
        EngineStatus status = pandoc.status(ExportFormat.EPUB);
        assumeTrue(status.available(), "skipped: " + status.detail());
        ExportResult result = service().export(note, List.of(ExportFormat.EPUB), folder.resolve("pandoc")).get(0);
        assertThat(result.engine()).isEqualTo("pandoc");
        ExportTestSupport.EpubCheckResult check = ExportTestSupport.epubCheck(result.file());
        assertThat(check.fatalErrors() + check.errors()).as(check.report()).isZero();
        assertThat(check.warnings()).as(check.report()).isZero();
        try (ZipFile zip = new ZipFile(result.file().toFile())) {
            StringBuilder all = new StringBuilder();
            zip.stream().filter(entry -> entry.getName().endsWith(".xhtml") || entry.getName().endsWith(".opf")).forEach(entry -> {
                try {
                    all.append(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(all).contains(TITLE).contains("这是一个中文正文句子").contains("别名链接")
                    .contains("我们明天见——不见不散……").contains("<dc:language>zh-CN</dc:language>");
        }
    }

    @Test
    void should_make_a_pdf_with_extractable_chinese_text_and_embedded_fonts() throws IOException {
        EngineStatus status = pandoc.status(ExportFormat.PDF);
        assumeTrue(status.available(), "skipped: " + status.detail());
        ExportResult result = service().export(note, List.of(ExportFormat.PDF), folder.resolve("pandoc-pdf")).get(0);
        assertThat(result.engine()).isEqualTo(status.name()).startsWith("pandoc+");
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            assertThat(pdf.getNumberOfPages()).isPositive();
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains(TITLE).contains("春江潮水连海平，海上明月共潮生。");
            assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo(TITLE);
            for (PDPage page : pdf.getPages()) {
                for (PDFont font : ExportTestSupport.fonts(page.getResources())) {
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                }
            }
        }
    }

    @Test
    void should_choose_pandoc_in_auto_mode_only_for_what_it_can_do() throws IOException {
        assumeTrue(pandoc.status(ExportFormat.EPUB).available(), "skipped: " + pandoc.status(ExportFormat.EPUB).detail());
        ExportService auto = new ExportService(ExportSettings.defaults(), FontLocator.system(), pandoc);
        List<ExportResult> results = auto.export(note, List.of(ExportFormat.PDF, ExportFormat.EPUB), folder.resolve("auto"));
        assertThat(results.get(1).engine()).isEqualTo("pandoc");
        assertThat(results.get(0).engine()).isEqualTo(
                pandoc.status(ExportFormat.PDF).available() ? pandoc.status(ExportFormat.PDF).name() : "openhtmltopdf");
    }
}
