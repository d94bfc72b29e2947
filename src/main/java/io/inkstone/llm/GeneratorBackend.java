package io.inkstone.llm;

/**
 * One way of running models (the local DJL engine, a remote server, ...). Backends are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.inkstone.llm.GeneratorBackend}), so callers name
 * no backend type: they call {@link Generators#open}.
 */
public interface GeneratorBackend {

    /** A short name for messages ("djl", "openai"). */
    String name();

    /** True when this backend handles {@code modelReference} (a folder, or a URL-like reference of its own). */
    boolean accepts(String modelReference);

    /**
     * Loads or connects to the model.
     *
     * @throws ModelLoadException saying what is wrong and what to do
     */
    Generator open(String modelReference, GeneratorOptions options, LoadProgress progress);

    /** The dtype values this backend accepts ({@link GeneratorOptions#dtype()}), the default first. */
    java.util.List<String> dtypes();

    /**
     * Roughly how many bytes of memory running {@code modelReference} with {@code options} takes (weights, cache, work
     * space), without loading it; empty when this backend cannot tell (a remote server, an unreadable folder).
     */
    default java.util.OptionalLong memoryBytes(String modelReference, GeneratorOptions options) {
        return java.util.OptionalLong.empty();
    }

    /** Lower runs first when several backends accept a reference (the local engine is the fallback). */
    default int priority() {
        return 100;
    }
}
