package io.inkstone.pipeline;

import io.inkstone.brief.BriefParser;
import io.inkstone.compose.ComposeProgress;
import io.inkstone.llm.Generator;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        this(root, stableMillis, "none");
    }

    /**
     * Writes {@code root/inkstone.properties} the way a user would (fast polling, short model requests) and loads it.
     *
     * @param exportFormats the setting inkstone.export.formats
     * @param extraSettings more lines for the settings file
     */
    PipelineFixture(Path root, String stableMillis, String exportFormats, String... extraSettings) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.vault = root.resolve("vault");
        try {
            Path file = Files.writeString(root.resolve("inkstone.properties"), String.join("\n",
                    "inkstone.inbox=inbox",
                    "inkstone.vault=vault",
                    "inkstone.model=" + TINY_MODEL_HINT,
                    "inkstone.model.threads=1",
                    "inkstone.model.contextLength=4096",
                    "inkstone.routes=" + Path.of(System.getProperty("inkstone.project.dir", ".")).resolve("routes"),
                    "inkstone.inbox.stableMillis=" + stableMillis,
                    "inkstone.inbox.pollMillis=50",
                    "inkstone.schedules.scanMillis=100",
                    "inkstone.shutdown.timeoutSeconds=10",
                    "inkstone.export.formats=" + exportFormats,
                    "inkstone.export.engine=java",
                    "inkstone.compose.maxContinuations=0",
                    "inkstone.compose.sectionMaxNewTokens=64",
                    "inkstone.compose.outlineMaxNewTokens=64",
                    // one Camel context (and so one Quartz scheduler, named after it) per test, never shared
                    "camel.main.name=inkstone-test-" + CONTEXTS.incrementAndGet(),
                    String.join("\n", extraSettings), ""));
            this.settings = PipelineSettings.load(file, Map.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger CONTEXTS = new java.util.concurrent.atomic.AtomicInteger();

    /** The model setting is not used by the fixture (the test passes its generator); this names what it would be. */
    static final String TINY_MODEL_HINT = "models/tiny";

    /** Starts the watcher with the real composer, vault and exports on {@code generator}. */
    InkstonePipeline start(Generator generator) throws Exception {
        return start(generator, name -> ComposeProgress.NONE);
    }

    /** As {@link #start(Generator)}, with each brief's progress going where {@code progress} says. */
    InkstonePipeline start(Generator generator, Function<String, ComposeProgress> progress) throws Exception {
        TemplateLibrary templates = settings.templateLibrary();
        WritingService writing = WritingService.create(settings, templates, generator, Clock.systemDefaultZone());
        InkstonePipeline pipeline = InkstonePipeline.create(settings, new BriefParser(templates.names()), () -> writing,
                Clock.systemDefaultZone(), progress);
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
