package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.brief.ExportFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure-Java PDF path (openhtmltopdf + PDFBox) on the kitchen-sink note, checked with PDFBox. The fonts are looked
 * up as on a fresh machine without Chinese fonts (no known paths, empty fontconfig), so the bundled ones are used.
 */
class PdfExportTest {
    private static final String TITLE = "墨石导出测试：春江花月夜";

    @TempDir
    static Path folder;
    static ExportResult result;
    static String text;

    @BeforeAll
    static void export() throws IOException {
        Path note = ExportTestSupport.copyResource(ExportTestSupport.KITCHEN_SINK, folder);
        result = freshMachineService().export(note, List.of(ExportFormat.PDF), null).get(0);
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            text = new PDFTextStripper().getText(pdf);
        }
    }

    private static ExportService freshMachineService() {
        FontLocator noSystemFonts = new FontLocator(List.of(), List.of(), List.of(), query -> List.of());
        return new ExportService(ExportSettings.defaults().withEngine(EngineChoice.JAVA), noSystemFonts, null);
    }

    @Test
    void should_write_the_pdf_beside_the_note_with_the_java_engine() {
        assertThat(result.file()).isEqualTo(folder.resolve("kitchen-sink.pdf")).isRegularFile();
        assertThat(result.engine()).isEqualTo("openhtmltopdf");
        assertThat(result.format()).isEqualTo(ExportFormat.PDF);
    }

    @Test
    void should_have_pages_and_extractable_chinese_title_and_body() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            assertThat(pdf.getNumberOfPages()).isGreaterThan(0);
        }
        assertThat(text).contains(TITLE);
        assertThat(text).contains("春江潮水连海平，海上明月共潮生。这是一个中文正文句子，用来检验文字提取是否准确。");
        assertThat(text).contains("他说：“我们明天见——不见不散……”然后翻开了《红楼梦》，又看了看《史记》。");
        assertThat(text).contains("这一行和下一行在中文里应当连在一起。");
        assertThat(text).contains("System.out.println(\"你好，世界\");");
        assertThat(text).contains("引用：学而时习之，不亦说乎？");
        assertThat(text).contains("😀");
        assertThat(text).contains("1 / 2").contains("2 / 2"); // page numbers in the footer
        assertThat(text).doesNotContain("?？").doesNotContain("□");
    }

    @Test
    void should_carry_the_front_matter_in_the_document_metadata() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            var info = pdf.getDocumentInformation();
            assertThat(info.getTitle()).isEqualTo(TITLE);
            assertThat(info.getAuthor()).isEqualTo("张若虚, 墨石编辑部");
            assertThat(info.getSubject()).isEqualTo("一份包含各种 Markdown 元素的中文测试笔记");
            assertThat(info.getKeywords()).isEqualTo("诗歌, 唐诗, export");
            assertThat(pdf.getDocumentCatalog().getLanguage()).isEqualTo("zh-CN");
            String xmp = new String(pdf.getDocumentCatalog().getMetadata().toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xmp).contains(TITLE).contains("张若虚");
        }
    }

    @Test
    void should_embed_and_subset_every_font_on_every_page() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            int pageNumber = 0;
            for (PDPage page : pdf.getPages()) {
                pageNumber++;
                List<PDFont> fonts = ExportTestSupport.fonts(page.getResources());
                assertThat(fonts).as("fonts on page %d", pageNumber).isNotEmpty();
                for (PDFont font : fonts) {
                    assertThat(font.isEmbedded()).as("%s on page %d is embedded", font.getName(), pageNumber).isTrue();
                    assertThat(font.getName()).as("%s on page %d is a subset", font.getName(), pageNumber).matches("[A-Z]{6}\\+.+");
                    names.add(font.getName().substring(7));
                }
            }
        }
        assertThat(names).containsExactly("Symbola", "WenQuanYiMicroHei", "WenQuanYiMicroHeiMono");
        assertThat(Files.size(result.file())).as("subset fonts keep the file small").isLessThan(400_000);
    }

    @Test
    void should_have_bookmarks_from_the_headings() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(result.file().toFile())) {
            var outline = pdf.getDocumentCatalog().getDocumentOutline();
            assertThat(outline).isNotNull();
            PDOutlineItem title = outline.getFirstChild();
            assertThat(title.getTitle()).isEqualTo(TITLE);
            List<String> sections = new java.util.ArrayList<>();
            for (PDOutlineItem child : title.children()) sections.add(child.getTitle());
            assertThat(sections).containsExactly("表格与列表", "代码与引用", "链接与脚注", "第三章：结尾");
        }
    }

    @Test
    void should_embed_pictures_next_to_the_note(@TempDir Path vault) throws IOException {
        Files.createDirectories(vault.resolve(".obsidian"));
        Path attachments = Files.createDirectories(vault.resolve("attachments"));
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "png", attachments.resolve("图 1.png").toFile());
        Path note = Files.createDirectories(vault.resolve("notes")).resolve("图片.md");
        Files.writeString(note, "# 图片\n\n嵌入：![[图 1.png]]\n\n缺失：![[不存在.png]]\n");
        Path pdfFile = freshMachineService().export(note, List.of(ExportFormat.PDF), null).get(0).file();
        try (PDDocument pdf = Loader.loadPDF(pdfFile.toFile())) {
            assertThat(pdf.getPage(0).getResources().getXObjectNames()).isNotEmpty();
            assertThat(new PDFTextStripper().getText(pdf)).contains("[不存在.png]");
        }
    }
}
