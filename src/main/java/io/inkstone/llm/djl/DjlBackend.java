package io.inkstone.llm.djl;

import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorBackend;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The local engine: a Hugging Face Qwen3 folder run by {@link Qwen3Engine} on libtorch through DJL. */
public final class DjlBackend implements GeneratorBackend {

    @Override
    public String name() {
        return "djl";
    }

    /** Any reference that is not a URL-like {@code scheme:...} of another backend is taken as a folder. */
    @Override
    public boolean accepts(String modelReference) {
        return !modelReference.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") || modelReference.matches("^[a-zA-Z]:[\\\\/].*");
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public List<String> dtypes() {
        return Arrays.stream(Dtype.values()).map(Dtype::label).toList();
    }

    @Override
    public Generator open(String modelReference, GeneratorOptions options, LoadProgress progress) {
        return Qwen3Engine.open(Path.of(modelReference), engineOptions(options), progress);
    }

    /** The backend-neutral options as this engine's. */
    public static EngineOptions engineOptions(GeneratorOptions options) {
        Dtype dtype;
        try {
            dtype = options.dtype() == null ? EngineOptions.defaults().dtype() : Dtype.fromLabel(options.dtype());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        int batch = options.maxBatch() == 0 ? EngineOptions.DEFAULT_MAX_BATCH : options.maxBatch();
        return new EngineOptions(dtype, options.contextLength(), options.threads()).withMaxBatch(batch);
    }
}
