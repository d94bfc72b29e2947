package io.inkstone.llm;

import java.util.List;
import java.util.Objects;

/**
 * What to generate. Either a chat ({@code messages}, rendered with the model's own chat template) or a
 * raw prompt ({@code rawPrompt}, tokenized as-is with special tokens parsed), never both.
 *
 * @param messages        chat turns (system, few-shot user/assistant pairs, user); empty for raw prompts
 * @param rawPrompt       raw prompt text, or null for chat requests
 * @param assistantPrefix text the assistant turn already starts with (continuation of a cut-off answer);
 *                        appended after the generation prompt; "" for none
 * @param thinking        Qwen3 hybrid models: enable_thinking (writing default: false)
 * @param sampling        sampling and stopping options
 */
public record GenerationRequest(
        List<ChatMessage> messages,
        String rawPrompt,
        String assistantPrefix,
        boolean thinking,
        SamplingOptions sampling) {

    public GenerationRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        assistantPrefix = assistantPrefix == null ? "" : assistantPrefix;
        Objects.requireNonNull(sampling, "sampling");
        if (messages.isEmpty() == (rawPrompt == null)) {
            throw new IllegalArgumentException("a request needs either chat messages or a raw prompt (exactly one)");
        }
    }

    public static GenerationRequest chat(List<ChatMessage> messages, SamplingOptions sampling) {
        return new GenerationRequest(messages, null, "", false, sampling);
    }

    public static GenerationRequest raw(String prompt, SamplingOptions sampling) {
        return new GenerationRequest(List.of(), prompt, "", false, sampling);
    }

    public GenerationRequest withAssistantPrefix(String prefix) {
        return new GenerationRequest(messages, rawPrompt, prefix, thinking, sampling);
    }

    public GenerationRequest withSampling(SamplingOptions s) {
        return new GenerationRequest(messages, rawPrompt, assistantPrefix, thinking, s);
    }

    public boolean isChat() { return rawPrompt == null; }
}
