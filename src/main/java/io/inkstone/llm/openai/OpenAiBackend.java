package io.inkstone.llm.openai;

import io.inkstone.llm.Generator;
import io.inkstone.llm.GeneratorBackend;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.LoadProgress;
import java.util.List;

/**
 * Remote generation: any server speaking OpenAI's chat-completions API (vLLM, llama.cpp's server, Ollama, another
 * Inkstone), named {@code openai:http://HOST:PORT/v1#MODEL}. The API key and timeouts come from the environment
 * ({@link RemoteOptions}).
 */
public final class OpenAiBackend implements GeneratorBackend {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public boolean accepts(String modelReference) {
        return OpenAiReference.matches(modelReference);
    }

    @Override
    public int priority() {
        return 10;
    }

    /** The server decides the precision: inkstone.model.dtype (the local engine's setting) is not used. */
    @Override
    public List<String> dtypes() {
        return List.of();
    }

    @Override
    public Generator open(String modelReference, GeneratorOptions options, LoadProgress progress) {
        return OpenAiGenerator.connect(OpenAiReference.parse(modelReference), options, RemoteOptions.fromEnvironment(), progress);
    }
}
