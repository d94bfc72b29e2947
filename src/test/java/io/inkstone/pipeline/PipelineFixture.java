package io.inkstone.pipeline;

import io.inkstone.brief.BriefParser;
import io.inkstone.llm.Generator;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Temporary inbox and vault with fast polling, running the real route files from routes/. */
final class PipelineFixture {
    final Path root;
    final Path inbox;
    final Path vault;
    final PipelineSettings settings;

    PipelineFixture(Path root) {
        this(root, "300");
    }

    /** @param stableMillis how long a brief must stay unchanged before it is read */
    PipelineFixture(Path root, String stableMillis) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.vault = root.resolve("vault");
        Map<Setting, String> overrides = new EnumMap<>(Setting.class);
        overrides.put(Setting.INBOX, inbox.toString());
        overrides.put(Setting.VAULT, vault.toString());
        overrides.put(Setting.MODEL, root.resolve("model").toString());
        overrides.put(Setting.ROUTES, Path.of(System.getProperty("inkstone.project.dir", ".")).resolve("routes").toString());
        overrides.put(Setting.INBOX_STABLE_MILLIS, stableMillis);
        overrides.put(Setting.INBOX_POLL_MILLIS, "50");
        overrides.put(Setting.SCHEDULES_SCAN_MILLIS, "100");
        overrides.put(Setting.SHUTDOWN_TIMEOUT_SECONDS, "10");
        overrides.put(Setting.EXPORT_FORMATS, "none");
        this.settings = PipelineSettings.load(null, overrides);
    }

    /** Starts the watcher with the real composer, vault and exports on {@code generator}. */
    InkstonePipeline start(Generator generator) throws Exception {
        TemplateLibrary templates = TemplateLibrary.builtIn();
        WritingService writing = WritingService.create(settings, templates, generator, Clock.systemDefaultZone());
        InkstonePipeline pipeline = InkstonePipeline.create(settings, new BriefParser(templates.names()), () -> writing,
                Clock.systemDefaultZone());
        pipeline.start();
        return pipeline;
    }

    /** Writes a brief into the inbox the way an editor would: complete, in one go. */
    Path drop(String name, String yaml) throws IOException {
        Files.createDirectories(inbox);
        Path staging = root.resolve("staging-" + name);
        Files.writeString(staging, yaml);
        return Files.move(staging, inbox.resolve(name));
    }

    List<Path> files(Path dir, String glob) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> all = Files.walk(dir)) {
            var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
            return all.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String brief(String title) {
        return "title: " + title + "\ntype: essay\nlanguage: en\ntask: Write about " + title + ".\nlength: 300 words\n";
    }
}
