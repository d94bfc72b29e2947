package io.inkstone.llm;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Opens a {@link Generator} for a model reference through whichever {@link GeneratorBackend} accepts it. */
public final class Generators {

    private Generators() {}

    /** Every backend on the class path, in {@link GeneratorBackend#priority()} order. */
    public static List<GeneratorBackend> backends() {
        return ServiceLoader.load(GeneratorBackend.class, Generators.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(GeneratorBackend::priority))
                .toList();
    }

    /** The backend that would open {@code modelReference}. */
    public static GeneratorBackend backendFor(String modelReference) {
        for (GeneratorBackend backend : backends()) {
            if (backend.accepts(modelReference)) return backend;
        }
        throw new ModelLoadException("no model backend accepts '" + modelReference + "': pass a Qwen3 model folder");
    }

    /**
     * Loads the model.
     *
     * @throws ModelLoadException saying what is wrong and what to do
     */
    public static Generator open(String modelReference, GeneratorOptions options, LoadProgress progress) {
        return backendFor(modelReference).open(modelReference, options, progress);
    }

    public static Generator open(Path modelFolder, GeneratorOptions options, LoadProgress progress) {
        return open(modelFolder.toString(), options, progress);
    }
}
