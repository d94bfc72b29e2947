package io.inkstone.llm.djl;

import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorBackend;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.hub.HubCache;
import java.util.Arrays;
import java.util.List;

/** The local engine: a Hugging Face Qwen3 folder run by {@link Qwen3Engine} on libtorch through DJL. */
public final class DjlBackend implements GeneratorBackend {

    @Override
    public String name() {
        return "djl";
    }

    /**
     * Any reference that is not a URL-like {@code scheme:...} of another backend is taken as a folder, or as a Hugging Face
     * repo id ({@code org/name}) found in the hub cache.
     */
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
        return Qwen3Engine.open(HubCache.resolveModel(modelReference), engineOptions(options), progress);
    }

    /** {@link MemoryPlan}'s total for one sequence at the options' context (default: the engine's default context). */
    @Override
    public java.util.OptionalLong memoryBytes(String modelReference, GeneratorOptions options) {
        try {
            io.inkstone.llm.qwen3.Qwen3Config config = io.inkstone.llm.qwen3.Qwen3Config.read(HubCache.resolveModel(modelReference));
            EngineOptions engine = engineOptions(options);
            int context = engine.contextLength() > 0 ? engine.contextLength() : EngineOptions.DEFAULT_CONTEXT_LENGTH;
            context = Math.min(context, config.maxPositionEmbeddings());
            return java.util.OptionalLong.of(MemoryPlan.of(config, engine.dtype(), context, 1).totalBytes());
        } catch (ModelLoadException e) {
            return java.util.OptionalLong.empty();
        }
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
