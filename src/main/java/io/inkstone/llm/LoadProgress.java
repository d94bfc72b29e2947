package io.inkstone.llm;

/** Told how far loading a model has come (for a progress line on stderr). Called on the loading thread. */
@FunctionalInterface
public interface LoadProgress {

    /**
     * @param stage what is being done ("mapping weights", "preparing layers", "allocating the KV cache")
     * @param done  units finished so far
     * @param total units in this stage
     */
    void progress(String stage, int done, int total);

    LoadProgress NONE = (stage, done, total) -> {};
}
