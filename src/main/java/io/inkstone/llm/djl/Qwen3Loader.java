package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;
import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.qwen3.ChatTemplateException;
import io.inkstone.llm.qwen3.GenerationConfig;
import io.inkstone.llm.qwen3.Qwen3ChatTemplate;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.Qwen3Tokenizer;
import io.inkstone.llm.qwen3.SafetensorsIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Opens a Hugging Face Qwen3 model folder as a {@link Qwen3Engine}: reads and checks config, weights index, chat
 * template, tokenizer and generation config, plans memory (refusing what does not fit, choosing bf16 or quantized
 * prompt weights), then has {@link Qwen3Runtime} map or quantize the weights.
 */
final class Qwen3Loader {

    private Qwen3Loader() {}

    /**
     * @throws ModelLoadException with a message that says what is wrong and what to do: a missing or corrupt
     *                            file, an unsupported model, a context longer than the model supports, or not
     *                            enough memory for the weights and the KV cache
     */
    static Qwen3Engine open(Path modelDir, EngineOptions options, LoadProgress progress) {
        long started = System.nanoTime();
        TorchEnvironment.start();
        if (!Files.isDirectory(modelDir)) {
            throw new ModelLoadException("model folder " + modelDir + " does not exist: pass the folder that holds config.json and the "
                    + "safetensors weights (create a test model with 'inkstone model synth')");
        }
        Qwen3Config config = Qwen3Config.read(modelDir);
        SafetensorsIndex index = SafetensorsIndex.open(modelDir);
        config.checkTensors(index);
        int contextLength = options.resolveContextLength(config.maxPositionEmbeddings());
        if (contextLength > config.maxPositionEmbeddings()) {
            throw new ModelLoadException("a context of " + contextLength + " tokens is longer than " + modelDir.getFileName()
                    + " supports (max_position_embeddings " + config.maxPositionEmbeddings() + "): use --context "
                    + config.maxPositionEmbeddings() + " or less");
        }
        Qwen3ChatTemplate chatTemplate;
        try {
            chatTemplate = Qwen3ChatTemplate.fromTokenizerConfig(modelDir.resolve("tokenizer_config.json"));
        } catch (ChatTemplateException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        Qwen3Tokenizer tokenizer = Qwen3Tokenizer.load(modelDir);
        try {
            GenerationConfig generationConfig = GenerationConfig.read(modelDir, tokenizer);
            Dtype dtype = options.dtype();
            boolean bf16Prefill = true;
            int rows = options.maxBatch();
            if (!TorchEnvironment.device().isGpu()) {
                OptionalLong available = MemoryPlan.availableBytes();
                bf16Prefill = switch (options.prefillWeights()) {
                    case BF16 -> true;
                    case QUANTIZED -> false;
                    case AUTO -> available.isEmpty()
                            || MemoryPlan.of(config, dtype, contextLength, 1, true).totalBytes() <= available.getAsLong();
                };
                if (available.isPresent()) {
                    MemoryPlan.of(config, dtype, contextLength, 1, bf16Prefill).check(available.getAsLong(), dtype, contextLength,
                            modelDir.getFileName().toString());
                    rows = MemoryPlan.rowsThatFit(config, dtype, contextLength, rows, bf16Prefill, available.getAsLong());
                }
            }
            int threads = options.resolveThreads();
            TorchEnvironment.setThreads(threads);
            Qwen3Runtime runtime = Qwen3Runtime.load(config, index, dtype, contextLength, rows, options.resolveCacheDir(), bf16Prefill,
                    progress);
            return new Qwen3Engine(modelDir, config, tokenizer, generationConfig, chatTemplate, runtime, threads,
                    (System.nanoTime() - started) / 1e9, options.maxBatch() > 1 ? rows : 0, options.maxBatch());
        } catch (RuntimeException | Error e) {
            tokenizer.close();
            throw e;
        }
    }
}
