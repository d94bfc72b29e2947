package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.ExportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine choice, atomic writes and failures of {@link ExportService}. */
class ExportServiceTest {
    private static final String NOTE = "# 短笔记\n\n一句话。\n";

    @TempDir
    Path folder;

    private ExportService javaService() {
        return new ExportService(ExportSettings.defaults().withEngine(EngineChoice.JAVA), FontLocator.system(), null);
    }

    private static ExportService serviceWithoutPandoc(EngineChoice choice) {
        PandocEngine missing = PandocEngine.detect("/nonexistent/pandoc", "/nonexistent/weasyprint", "/nonexistent/xelatex");
        return new ExportService(ExportSettings.defaults().withEngine(choice), FontLocator.system(), missing);
    }

    private List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void should_fall_back_to_java_engines_when_pandoc_is_missing_in_auto_mode() throws IOException {
        Path note = Files.writeString(folder.resolve("短笔记.md"), NOTE);
        List<ExportResult> results = serviceWithoutPandoc(EngineChoice.AUTO)
                .export(note, List.of(ExportFormat.PDF, ExportFormat.EPUB), null);
        assertThat(results).extracting(ExportResult::engine).containsExactly("openhtmltopdf", "inkstone-epub");
        assertThat(results).extracting(ExportResult::file)
                .containsExactly(folder.resolve("短笔记.pdf"), folder.resolve("短笔记.epub"));
        assertThat(filesIn(folder)).containsExactly(folder.resolve("短笔记.epub"), folder.resolve("短笔记.md"), folder.resolve("短笔记.pdf"));
    }

    @Test
    void should_say_what_to_install_when_pandoc_is_chosen_but_missing() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        assertThatThrownBy(() -> serviceWithoutPandoc(EngineChoice.PANDOC).export(note, List.of(ExportFormat.EPUB), null))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("Pandoc is not installed").hasMessageContaining("apt-get install pandoc")
                .extracting(e -> ((ExportException) e).reason()).isEqualTo(ExportException.Reason.ENGINE);
        assertThat(filesIn(folder)).containsExactly(note);
    }

    @Test
    void should_list_the_engines_with_the_reason_pandoc_cannot_be_used() {
        List<EngineStatus> engines = serviceWithoutPandoc(EngineChoice.AUTO).engines();
        assertThat(engines).filteredOn(EngineStatus::available).extracting(EngineStatus::name)
                .containsExactly("openhtmltopdf", "inkstone-epub");
        assertThat(engines).filteredOn(status -> !status.available())
                .allSatisfy(status -> assertThat(status.detail()).contains("apt-get install pandoc"));
    }

    @Test
    void should_leave_no_file_when_the_output_folder_cannot_be_created() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path blocker = Files.writeString(folder.resolve("not-a-folder"), "a file where the folder should be");
        assertThatThrownBy(() -> javaService().export(note, List.of(ExportFormat.PDF, ExportFormat.EPUB), blocker.resolve("out")))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("cannot create the output folder")
                .extracting(e -> ((ExportException) e).reason()).isEqualTo(ExportException.Reason.OUTPUT);
        assertThat(filesIn(folder)).containsExactlyInAnyOrder(note, blocker);
    }

    @Test
    void should_remove_the_temporary_file_when_the_final_move_fails() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path occupied = Files.createDirectories(folder.resolve("note.epub"));
        Files.writeString(occupied.resolve("keep.txt"), "a folder where the export should go");
        assertThatThrownBy(() -> javaService().export(note, List.of(ExportFormat.EPUB), null))
                .isInstanceOf(ExportException.class).hasMessageContaining("note.epub")
                .extracting(e -> ((ExportException) e).reason()).isEqualTo(ExportException.Reason.OUTPUT);
        assertThat(filesIn(folder)).containsExactly(occupied, note);
        assertThat(filesIn(occupied)).containsExactly(occupied.resolve("keep.txt"));
    }

    @Test
    void should_report_a_located_error_for_broken_front_matter_and_write_nothing() throws IOException {
        Path note = Files.writeString(folder.resolve("broken.md"), "---\ntitle: [未闭合\nauthor: 某人\n---\n# 标题\n");
        assertThatThrownBy(() -> javaService().export(note, List.of(ExportFormat.PDF, ExportFormat.EPUB), null))
                .isInstanceOf(ExportException.class)
                .hasMessageMatching("(?s).*broken\\.md:\\d+:\\d+: front matter is not valid YAML.*")
                .extracting(e -> ((ExportException) e).reason()).isEqualTo(ExportException.Reason.INPUT);
        assertThat(filesIn(folder)).containsExactly(note);
    }

    @Test
    void should_keep_the_previous_export_when_a_re_export_fails() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path epub = javaService().export(note, List.of(ExportFormat.EPUB), null).get(0).file();
        byte[] before = Files.readAllBytes(epub);
        Files.writeString(note, "---\ntitle: \"unclosed\n---\n");
        assertThatThrownBy(() -> javaService().export(note, List.of(ExportFormat.EPUB), null)).isInstanceOf(ExportException.class);
        assertThat(Files.readAllBytes(epub)).isEqualTo(before);
        assertThat(filesIn(folder)).containsExactly(epub, note);
    }

    @Test
    void should_leave_no_partial_pdf_when_the_font_setting_is_unusable() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path latinOnly = ExportTestSupport.copyResource("fonts/latin-only.ttf", folder.resolve("fonts"));
        ExportService service = new ExportService(new ExportSettings(EngineChoice.JAVA, latinOnly, null), FontLocator.system(), null);
        assertThatThrownBy(() -> service.export(note, List.of(ExportFormat.PDF, ExportFormat.EPUB), null))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("latin-only.ttf").hasMessageContaining("no glyph for 中")
                .satisfies(e -> assertThat(((ExportException) e).written()).extracting(ExportResult::format)
                        .containsExactly(ExportFormat.EPUB));
        assertThat(filesIn(folder)).containsExactly(folder.resolve("fonts"), folder.resolve("note.epub"), note);
    }

    @Test
    void should_replace_an_earlier_export_and_give_it_normal_permissions() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path pdf = folder.resolve("note.pdf");
        Files.writeString(pdf, "an old export");
        javaService().export(note, List.of(ExportFormat.PDF), null);
        assertThat(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        Set<PosixFilePermission> normal = Files.getPosixFilePermissions(Files.createFile(folder.resolve("plain")));
        assertThat(Files.getPosixFilePermissions(pdf)).isEqualTo(normal).contains(PosixFilePermission.OWNER_READ);
        assertThat(filesIn(folder)).containsExactly(note, pdf, folder.resolve("plain"));
    }

    @Test
    void should_use_the_file_name_when_the_note_has_no_title() throws IOException {
        Path note = Files.writeString(folder.resolve("无题.md"), "只有一句话，没有标题。\n");
        Path out = Files.createDirectories(folder.resolve("exports"));
        ExportResult epub = javaService().export(note, List.of(ExportFormat.EPUB), out).get(0);
        ExportTestSupport.EpubCheckResult check = ExportTestSupport.epubCheck(epub.file());
        assertThat(check.errors() + check.warnings() + check.fatalErrors()).as(check.report()).isZero();
        try (var zip = new java.util.zip.ZipFile(epub.file().toFile())) {
            String opf = new String(zip.getInputStream(zip.getEntry("OEBPS/package.opf")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(opf).contains("<dc:title>无题</dc:title>").contains("<dc:language>zh</dc:language>");
        }
    }

    @Test
    void should_refuse_a_missing_note_and_a_missing_stylesheet() {
        assertThatThrownBy(() -> javaService().export(folder.resolve("nope.md"), List.of(ExportFormat.PDF), null))
                .isInstanceOf(ExportException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new ExportService(new ExportSettings(EngineChoice.JAVA, null, folder.resolve("missing.css")),
                FontLocator.system(), null))
                .isInstanceOf(ExportException.class).hasMessageContaining("missing.css")
                .extracting(e -> ((ExportException) e).reason()).isEqualTo(ExportException.Reason.SETTINGS);
    }

    @Test
    void should_apply_the_user_stylesheet_after_the_default_one() throws IOException {
        Path note = Files.writeString(folder.resolve("note.md"), NOTE);
        Path css = Files.writeString(folder.resolve("export.css"), "p { color: #c00000; }\n");
        ExportService service = new ExportService(new ExportSettings(EngineChoice.JAVA, null, css), FontLocator.system(), null);
        Path epub = service.export(note, List.of(ExportFormat.EPUB), null).get(0).file();
        try (var zip = new java.util.zip.ZipFile(epub.toFile())) {
            String style = new String(zip.getInputStream(zip.getEntry("OEBPS/style.css")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(style.indexOf("p { color: #c00000; }")).isGreaterThan(style.indexOf("line-height"));
        }
    }
}
