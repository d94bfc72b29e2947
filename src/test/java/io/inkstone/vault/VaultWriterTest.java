package io.inkstone.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.ExportFormat;
import io.inkstone.brief.Length;
import io.inkstone.brief.LengthUnit;
import io.inkstone.brief.VaultOptions;
import io.inkstone.compose.GenerationSummary;
import io.inkstone.export.ExportResult;
import io.inkstone.llm.StopReason;
import io.inkstone.render.NoteProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class VaultWriterTest {

    static final ZonedDateTime CREATED = ZonedDateTime.of(2025, 11, 29, 7, 0, 3, 0, ZoneId.of("Asia/Shanghai"));
    static final GenerationSummary GENERATION = new GenerationSummary("synthetic qwen3 tiny", new Length(3000, LengthUnit.CHARACTERS),
            2875, LengthUnit.CHARACTERS, List.of(StopReason.END_OF_SEQUENCE, StopReason.MAX_TOKENS), 4123, Duration.ofMillis(332_512));

    @TempDir
    Path temp;

    Path vault;

    @org.junit.jupiter.api.BeforeEach
    void vaultInsideTheTempFolder() {
        vault = temp.resolve("vault");
    }

    static Brief brief(String title, VaultOptions vaultOptions) {
        return new Brief("spring-essay", title, BriefType.ESSAY, "zh-CN", null, "写一篇关于春天的散文", List.of(), null, null, null,
                new Length(3000, LengthUnit.CHARACTERS), List.of(), List.of(), false, null, null, List.of(), vaultOptions, null,
                Path.of("/tmp/inbox/in-progress/x/spring.yaml"));
    }

    VaultWriter writer() {
        return new VaultWriter(new VaultSettings(vault, "Inkstone", "attachments", NamingPattern.DEFAULT));
    }

    static NoteDraft draft(Brief brief, List<ExportResult> exports) {
        return new NoteDraft(brief, NoteProperties.note(brief, GENERATION, CREATED, "# " + brief.title() + "\n\n正文。\n"), CREATED, exports);
    }

    /** Files as the export stage leaves them in its staging folder. */
    List<ExportResult> staged(ExportFormat... formats) throws IOException {
        Path staging = Files.createDirectories(vault.resolve(".inkstone/staging/test"));
        List<ExportResult> made = new ArrayList<>();
        for (ExportFormat f : formats) {
            Path file = Files.writeString(staging.resolve("made-by-exporter." + f.extension()), f.name());
            made.add(new ExportResult(f, file, f == ExportFormat.PDF ? "openhtmltopdf" : "inkstone-epub", Duration.ZERO));
        }
        return made;
    }

    @Test
    void should_write_note_with_obsidian_properties_that_parse_back_with_their_types() throws Exception {
        Brief brief = brief("春天: \"序曲\" — 第一章", new VaultOptions(null, List.of("写作/散文", "#season", "2025"),
                List.of("Spring"), Map.of("project", "四季", "title", "ignored: reserved")));

        WrittenNote written = writer().file(draft(brief, List.of()));

        assertThat(written.note()).isEqualTo(vault.resolve("Inkstone").resolve("2025-11-29 春天 序曲 — 第一章.md"));
        Map<String, Object> p = frontMatter(written.note());
        assertThat(p).containsEntry("title", "春天: \"序曲\" — 第一章")
                .containsEntry("created", "2025-11-29T07:00:03")
                .containsEntry("tags", List.of("写作/散文", "season"))
                .containsEntry("aliases", List.of("Spring"))
                .containsEntry("type", "essay")
                .containsEntry("language", "zh-CN")
                .containsEntry("model", "synthetic qwen3 tiny")
                .containsEntry("brief", "spring.yaml")
                .containsEntry("length_target", 3000)
                .containsEntry("length_achieved", 2875)
                .containsEntry("length_unit", "characters")
                .containsEntry("stop_reasons", List.of("eos", "max_tokens"))
                .containsEntry("generated_tokens", 4123)
                .containsEntry("tokens_per_second", 12.4)
                .containsEntry("generation_seconds", 332.5)
                .containsEntry("project", "四季")
                .doesNotContainKey("exports");
        assertThat(Files.readString(written.note())).endsWith("# 春天: \"序曲\" — 第一章\n\n正文。\n");
    }

    @Test
    void should_never_overwrite_an_existing_note() throws Exception {
        VaultWriter writer = writer();
        Brief brief = brief("Morning", VaultOptions.DEFAULT);
        Path first = writer.file(draft(brief, List.of())).note();
        Path second = writer.file(draft(brief, List.of())).note();
        Path third = writer.file(draft(brief, List.of())).note();

        assertThat(first.getFileName()).hasToString("2025-11-29 Morning.md");
        assertThat(second.getFileName()).hasToString("2025-11-29 Morning (2).md");
        assertThat(third.getFileName()).hasToString("2025-11-29 Morning (3).md");
    }

    @Test
    void should_keep_hostile_titles_and_folders_inside_the_vault() throws Exception {
        for (String title : List.of("../../x", "/etc/passwd", "CON", "a/b\\c:d*?", "x".repeat(500), "🌸🌸", "..")) {
            for (String folder : new String[] {null, "../../outside", "/abs", "Writing/../../.."}) {
                Path note = writer().file(draft(brief(title, new VaultOptions(folder, null, null, null)), List.of())).note();
                assertThat(note.toAbsolutePath().normalize()).startsWith(vault);
                assertThat(note.getFileName().toString()).startsWith("2025-11-29 ").doesNotContain("..", "/", "\\");
            }
        }
        assertThat(vault.resolve("Inkstone/2025-11-29 x.md")).exists();
        assertThat(vault.resolve("Inkstone/2025-11-29 CON.md")).exists();
        assertThat(vault.resolve("outside")).isDirectory();
        try (Stream<Path> all = Files.walk(temp)) {
            assertThat(all.filter(p -> p.toString().endsWith(".md"))).allMatch(p -> p.startsWith(vault));
        }
    }

    @Test
    void should_move_staged_exports_into_attachments_and_embed_them() throws Exception {
        List<ExportResult> staged = staged(ExportFormat.PDF, ExportFormat.EPUB);

        WrittenNote written = writer().file(draft(brief("Morning", VaultOptions.DEFAULT), staged));

        Path attachments = vault.resolve("attachments");
        assertThat(written.attachments()).extracting(Attachment::file)
                .containsExactly(attachments.resolve("2025-11-29 Morning.pdf"), attachments.resolve("2025-11-29 Morning.epub"));
        assertThat(Files.readString(attachments.resolve("2025-11-29 Morning.pdf"))).isEqualTo("PDF");
        String text = Files.readString(written.note());
        assertThat(text).endsWith("\n![[attachments/2025-11-29 Morning.pdf]]\n![[attachments/2025-11-29 Morning.epub]]\n");
        assertThat(frontMatter(written.note())).containsEntry("exports", Map.of("pdf", "openhtmltopdf", "epub", "inkstone-epub"))
                .containsEntry("title", "Morning");
        assertThat(staged).allSatisfy(r -> assertThat(r.file()).doesNotExist());
    }

    @Test
    void should_leave_no_attachment_behind_when_the_note_cannot_be_written() throws Exception {
        Files.createDirectories(vault);
        Files.writeString(vault.resolve("Blocked"), "a file where the note's folder should be");
        List<ExportResult> staged = staged(ExportFormat.PDF);

        assertThatThrownBy(() -> writer().file(draft(brief("Morning", new VaultOptions("Blocked", null, null, null)), staged)))
                .isInstanceOf(IOException.class);

        assertThat(vault.resolve("attachments/2025-11-29 Morning.pdf")).doesNotExist();
        try (Stream<Path> all = Files.walk(vault)) {
            assertThat(all.filter(p -> p.toString().endsWith(".md"))).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> frontMatter(Path note) throws IOException {
        String text = Files.readString(note);
        assertThat(text).startsWith("---\n");
        String yaml = text.substring(4, text.indexOf("\n---\n", 4));
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }
}
