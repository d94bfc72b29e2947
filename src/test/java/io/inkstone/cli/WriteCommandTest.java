package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.pipeline.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** End to end: {@code inkstone write} on a sample brief with the real engine and a tiny synthetic model. */
class WriteCommandTest {

    @TempDir
    Path root;

    /** Settings that keep a tiny-model run short: short requests, no continuations, one thread, a small context. */
    static Path fastSettings(Path dir) throws Exception {
        return Files.writeString(dir.resolve("inkstone.properties"), String.join("\n",
                "inkstone.compose.maxContinuations=0",
                "inkstone.compose.sectionMaxNewTokens=64",
                "inkstone.compose.outlineMaxNewTokens=64",
                "inkstone.model.threads=1",
                "inkstone.model.contextLength=4096",
                "inkstone.export.engine=java", ""));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_write_a_sample_brief_with_structure_front_matter_and_exports() throws Exception {
        Path vault = root.resolve("vault");
        // 2500字, outline: auto: the gibberish outline is unusable twice, so the article's standard sections are used
        Path sample = Path.of(System.getProperty("inkstone.project.dir"), "samples/new-media-article-zh.yaml");

        CliRun run = InitCommandTest.inkstone("write", sample.toString(), "--model", TinyModel.folder().toString(),
                "--out", vault.toString(), "--config", fastSettings(root).toString());

        assertThat(run.code()).as(run.err()).isZero();
        Path note = Path.of(run.out().strip());
        assertThat(note).isEqualTo(vault.resolve("写作/公众号").resolve(note.getFileName()));
        assertThat(note.getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2} 为什么越来越多的年轻人重新拿起了纸笔\\.md");
        String text = Files.readString(note);
        Map<String, Object> properties = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(text.substring(4, text.indexOf("\n---\n", 4)));
        assertThat(properties).containsEntry("title", "为什么越来越多的年轻人重新拿起了纸笔").containsEntry("type", "article")
                .containsEntry("language", "zh-CN").containsEntry("brief", "new-media-article-zh.yaml").containsEntry("length_target", 2500)
                .containsEntry("length_unit", "characters").containsEntry("tags", List.of("新媒体", "生活方式"))
                .containsEntry("model", "tiny (synthetic Qwen3, random weights)")
                .containsEntry("exports", Map.of("pdf", "openhtmltopdf", "epub", "inkstone-epub"))
                .containsKeys("created", "model", "length_achieved", "generated_tokens", "tokens_per_second", "generation_seconds");
        assertThat((List<String>) properties.get("stop_reasons")).isNotEmpty()
                .allSatisfy(r -> assertThat(r).isIn("eos", "max_tokens", "stop_string", "context_full", "cancelled"));
        assertThat((Integer) properties.get("generated_tokens")).isPositive();
        String body = text.substring(text.indexOf("\n---\n", 4) + 5);
        assertThat(body.lines().filter(l -> l.startsWith("#")).toList())
                .startsWith("# 为什么越来越多的年轻人重新拿起了纸笔").contains("## 引言", "## 背景", "## 核心观点", "## 分析与例证", "## 结语");
        String stem = note.getFileName().toString().replace(".md", "");
        assertThat(body).endsWith("![[attachments/" + stem + ".pdf]]\n![[attachments/" + stem + ".epub]]\n");
        assertThat(vault.resolve("attachments/" + stem + ".pdf")).isNotEmptyFile();
        assertThat(vault.resolve("attachments/" + stem + ".epub")).isNotEmptyFile();
        assertThat(run.err()).contains("loaded in", "wrote ", "tokens/s");
        assertThat(run.err()).as("stderr is not a terminal here: plain progress lines, nothing redrawn")
                .contains("[outline]\n", "[sections] section 1/5 引言\n").doesNotContain("\r");
        try (Stream<Path> checkpoints = Files.walk(vault.resolve(".inkstone"))) {
            assertThat(checkpoints.filter(Files::isRegularFile)).as("checkpoint removed once complete").isEmpty();
        }
    }

    @Test
    void should_print_every_problem_of_an_invalid_brief_without_loading_the_model() throws Exception {
        Path brief = Files.writeString(root.resolve("bad.yaml"), "titel: x\ntask: y\n");
        CliRun run = InitCommandTest.inkstone("write", brief.toString(), "--model", root.resolve("no-model").toString(),
                "--out", root.resolve("vault").toString());
        assertThat(run.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
        assertThat(run.err()).contains("bad.yaml:1:1:", "`title`").doesNotContain("loading model");
    }

    @Test
    void should_fail_fast_with_a_clear_message_when_the_model_folder_is_wrong() throws Exception {
        Path sample = Path.of(System.getProperty("inkstone.project.dir"), "samples/blog-post-en.yaml");
        CliRun run = InitCommandTest.inkstone("write", sample.toString(), "--model", root.resolve("no-model").toString(),
                "--out", root.resolve("vault").toString());
        assertThat(run.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(run.err()).contains("no-model", "does not exist", "inkstone.model");
        assertThat(root.resolve("vault")).doesNotExist();
    }
}
