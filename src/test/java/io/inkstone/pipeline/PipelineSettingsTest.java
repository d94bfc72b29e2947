package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.brief.ExportFormat;
import io.inkstone.export.EngineChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSettingsTest {

    @TempDir
    Path dir;

    @Test
    void should_use_defaults_relative_to_the_settings_file() throws Exception {
        Path file = Files.writeString(dir.resolve("inkstone.properties"), "# only comments\n");
        PipelineSettings s = PipelineSettings.load(file, Map.of());

        assertThat(s.inbox()).isEqualTo(dir.resolve("inbox"));
        assertThat(s.vault()).isEqualTo(dir.resolve("vault"));
        assertThat(s.model()).isEqualTo(dir.resolve("models/Qwen3-4B-Instruct-2507").toString());
        assertThat(s.templates()).isNull();
        assertThat(s.vaultFolder()).isEqualTo("Inkstone");
        assertThat(s.attachmentsFolder()).isEqualTo("attachments");
        assertThat(s.naming().pattern()).isEqualTo("{date} {title}");
        assertThat(s.exportFormats()).containsExactly(ExportFormat.PDF, ExportFormat.EPUB);
        assertThat(s.exports().engine()).isEqualTo(EngineChoice.AUTO);
        assertThat(s.engine().dtype()).isEqualTo("int4");
        assertThat(s.engine().maxBatch()).isEqualTo(4);
        assertThat(s.concurrency()).isEqualTo(2);
        assertThat(s.resumeMaxAttempts()).isEqualTo(3);
        assertThat(s.routes()).isEqualTo(Path.of(System.getProperty("inkstone.project.dir")).resolve("routes"));
    }

    @Test
    void should_read_every_kind_of_value_and_let_the_command_line_win() throws Exception {
        Path file = Files.writeString(dir.resolve("inkstone.properties"), String.join("\n",
                "inkstone.inbox=~/drop",
                "inkstone.vault=/abs/vault",
                "inkstone.vault.naming={date} {time} {title}",
                "inkstone.export.formats=epub",
                "inkstone.export.engine=Java",
                "inkstone.model.dtype=f32",
                "inkstone.model.threads=3",
                "inkstone.model.maxBatch=2",
                "inkstone.concurrency=4",
                "inkstone.compose.maxContinuations=1",
                "camel.main.name=mine", ""));
        PipelineSettings s = PipelineSettings.load(file, Map.of(Setting.VAULT, "elsewhere"));

        assertThat(s.inbox()).isEqualTo(Path.of(System.getProperty("user.home"), "drop"));
        assertThat(s.vault()).as("command-line paths are relative to the working folder").isEqualTo(Path.of("elsewhere").toAbsolutePath());
        assertThat(s.naming().pattern()).isEqualTo("{date} {time} {title}");
        assertThat(s.exportFormats()).containsExactly(ExportFormat.EPUB);
        assertThat(s.exports().engine()).isEqualTo(EngineChoice.JAVA);
        assertThat(s.engine().dtype()).isEqualTo("f32");
        assertThat(s.engine().maxBatch()).isEqualTo(2);
        assertThat(s.engine().threads()).isEqualTo(3);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.compose().maxContinuations()).isEqualTo(1);
        assertThat(s.camelProperties()).containsEntry("camel.main.name", "mine");
        assertThat(PipelineSettings.load(file, Map.of(Setting.EXPORT_FORMATS, "none")).exportFormats()).isEmpty();
    }

    @Test
    void should_name_the_key_and_the_fix_for_bad_values() throws Exception {
        assertThatThrownBy(() -> load("inkstone.concurrency=lots")).isInstanceOf(SettingsException.class)
                .hasMessageContaining("inkstone.properties: inkstone.concurrency=lots: must be a whole number from 1 to 64");
        assertThatThrownBy(() -> load("inkstone.inbx=inbox")).hasMessageContaining("unknown setting 'inkstone.inbx'")
                .hasMessageContaining("inkstone.inbox");
        assertThatThrownBy(() -> load("inkstone.vault.naming={date} {name}")).hasMessageContaining("unknown token {name}");
        assertThatThrownBy(() -> load("inkstone.export.formats=pdf,docx")).hasMessageContaining("unknown format 'docx'");
        assertThatThrownBy(() -> load("inkstone.export.engine=word")).hasMessageContaining("auto, java, pandoc");
        assertThatThrownBy(() -> load("inkstone.model.dtype=int3")).hasMessageContaining("int4").hasMessageContaining("bf16").hasMessageContaining("f32");
        assertThatThrownBy(() -> load("inkstone.compose.maxContinuations=-1")).hasMessageContaining("inkstone.compose.maxContinuations");
        assertThatThrownBy(() -> load("inkstone.inbox=")).hasMessageContaining("inkstone.inbox is empty");
        assertThatThrownBy(() -> PipelineSettings.load(dir.resolve("missing.properties"), Map.of()))
                .hasMessageContaining("does not exist").hasMessageContaining("inkstone init");
    }

    @Test
    void should_offer_every_setting_in_the_file_init_writes() throws Exception {
        String shipped = new String(getClass().getResourceAsStream("/io/inkstone/pipeline/inkstone.properties").readAllBytes());
        for (Setting s : Setting.values()) assertThat(shipped).as(s.key()).contains(s.key() + "=");
        Path file = Files.writeString(dir.resolve("inkstone.properties"), shipped);
        assertThat(PipelineSettings.load(file, Map.of()).inbox()).isEqualTo(dir.resolve("inbox"));
    }

    private PipelineSettings load(String line) throws Exception {
        return PipelineSettings.load(Files.writeString(dir.resolve("inkstone.properties"), line + "\n"), Map.of());
    }

    @Test
    void should_keep_a_remote_model_reference_as_written() throws Exception {
        Path file = Files.writeString(dir.resolve("inkstone.properties"), "inkstone.model=openai:http://gpu-box:8000/v1#Qwen/Qwen3-4B\n");
        assertThat(PipelineSettings.load(file, Map.of()).model()).isEqualTo("openai:http://gpu-box:8000/v1#Qwen/Qwen3-4B");
        String folder = dir.resolve("models/tiny").toString();
        assertThat(PipelineSettings.load(file, Map.of(Setting.MODEL, folder)).model()).isEqualTo(folder);
    }
}
