package io.inkstone.pipeline;

import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.Generators;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.qwen3.SyntheticQwen3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny synthetic Qwen3 (2 layers, hidden 64, the real tokenizer; random weights, so the text is gibberish),
 * written once per test JVM and shared by the tests that run the real engine.
 */
public final class TinyModel {
    private static Path folder;
    private static Generator engine;

    private TinyModel() {}

    public static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("inkstone-tiny-model-");
                SyntheticQwen3.writeModelFolder(SyntheticQwen3.Preset.TINY.spec(20261129L, 0.125f), dir.resolve("tiny"),
                        SyntheticQwen3.ProgressListener.NONE);
                folder = dir.resolve("tiny");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the tiny synthetic model", e);
            }
        }
        return folder;
    }

    /**
     * The tiny model, loaded once through the backend factory (as {@code inkstone run} loads one) and shared (it queues
     * concurrent calls): bf16, one thread and a 4096-token context, as the tests' settings say.
     */
    public static synchronized Generator engine() {
        if (engine == null) {
            engine = Generators.open(folder(), new GeneratorOptions("bf16", 4096, 1), LoadProgress.NONE);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        }
        return engine;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
