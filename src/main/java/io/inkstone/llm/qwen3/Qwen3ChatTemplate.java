package io.inkstone.llm.qwen3;

import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.Role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Renders chat messages into the exact text a Qwen3 model sees (ChatML), as the model's own Jinja
 * {@code chat_template} would, implemented in code (Jinjava cannot render Qwen3's template).
 *
 * <p>Two templates exist:
 * <ul>
 *   <li>{@link Variant#HYBRID_THINKING} (Qwen3-0.6B ... Qwen3-235B, the original hybrid models): with
 *       {@code enable_thinking=false} the generation prompt carries an empty {@code <think>\n\n</think>\n\n}
 *       block; {@code <think>…</think>} is dropped from assistant turns before the last user query and kept
 *       (normalised) after it.</li>
 *   <li>{@link Variant#INSTRUCT_2507} (Qwen3-*-Instruct-2507): no thinking logic at all; assistant turns are
 *       written as given and {@code enable_thinking} is ignored.</li>
 * </ul>
 * Both write the first message, when it is a system message, as the system turn; a later system message is a
 * turn of its own with role {@code system}. Tool calls and tool responses are not modelled ({@link Role} has no
 * tool role); user messages that look like {@code <tool_response>…</tool_response>} are treated as the
 * template treats them (not a "query").
 */
public final class Qwen3ChatTemplate {

    /** Which Qwen3 chat template a model folder carries. */
    public enum Variant {
        /** The original Qwen3 hybrid template, with {@code enable_thinking}. */
        HYBRID_THINKING,
        /** The Qwen3-Instruct-2507 template: non-thinking only. */
        INSTRUCT_2507
    }

    private static final String IM_START = "<|im_start|>";
    private static final String IM_END = "<|im_end|>";
    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    private static final String TOOL_RESPONSE_OPEN = "<tool_response>";
    private static final String TOOL_RESPONSE_CLOSE = "</tool_response>";

    private final Variant variant;

    private Qwen3ChatTemplate(Variant variant) {
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    /** The renderer for a known variant. */
    public static Qwen3ChatTemplate of(Variant variant) {
        return new Qwen3ChatTemplate(variant);
    }

    /**
     * Reads a model folder's {@code tokenizer_config.json} and picks the variant from its {@code chat_template}
     * (or from {@code chat_template.jinja} beside it, where newer exports keep it).
     *
     * @throws ChatTemplateException when the file cannot be read, has no chat template, or carries a template
     *                               that is not a supported Qwen3 ChatML template
     */
    public static Qwen3ChatTemplate fromTokenizerConfig(Path tokenizerConfigJson) {
        return of(detectVariant(readChatTemplate(tokenizerConfigJson), tokenizerConfigJson.toString()));
    }

    /**
     * Tells which variant a Jinja chat template is.
     *
     * @param chatTemplate the template text
     * @param source       where it came from, for the error message
     * @throws ChatTemplateException for anything but a Qwen3 ChatML template
     */
    public static Variant detectVariant(String chatTemplate, String source) {
        if (chatTemplate == null || chatTemplate.isBlank()) {
            throw unsupported(source, "the chat template is empty");
        }
        if (!chatTemplate.contains(IM_START) || !chatTemplate.contains(IM_END)) {
            throw unsupported(source, "it does not use the ChatML markers <|im_start|> and <|im_end|>");
        }
        if (chatTemplate.contains("enable_thinking")) {
            return Variant.HYBRID_THINKING;
        }
        if (chatTemplate.contains("You are Qwen, created by Alibaba Cloud")) {
            throw unsupported(source, "it is a Qwen2.5 template (it adds a default system message)");
        }
        if (chatTemplate.contains(IM_START + "assistant\\n" + THINK_OPEN) || chatTemplate.contains(IM_START + "assistant\n" + THINK_OPEN)) {
            throw unsupported(source, "its generation prompt opens a <think> block: a thinking-only template"
                    + " (such as Qwen3-*-Thinking-2507)");
        }
        return Variant.INSTRUCT_2507;
    }

    private static ChatTemplateException unsupported(String source, String why) {
        return new ChatTemplateException("unsupported chat template in " + source + ": " + why
                + " (expected a Qwen3 ChatML template: Qwen3 hybrid thinking or Qwen3-Instruct-2507)");
    }

    private static String readChatTemplate(Path tokenizerConfigJson) {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(tokenizerConfigJson.toFile());
        } catch (IOException e) {
            throw new ChatTemplateException("cannot read " + tokenizerConfigJson + ": " + e.getMessage(), e);
        }
        JsonNode template = config == null ? null : config.get("chat_template");
        if (template != null && template.isTextual()) {
            return template.asText();
        }
        if (template != null && template.isArray()) {
            // the list form: [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
            for (JsonNode named : template) {
                if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                    return named.path("template").asText();
                }
            }
        }
        Path jinjaFile = tokenizerConfigJson.resolveSibling("chat_template.jinja");
        if (Files.isRegularFile(jinjaFile)) {
            try {
                return Files.readString(jinjaFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jinjaFile, e);
            }
        }
        throw new ChatTemplateException(tokenizerConfigJson + " has no chat_template (and no chat_template.jinja"
                + " beside it): use the tokenizer files of a Qwen3 chat model");
    }

    /** The variant this renderer writes. */
    public Variant variant() {
        return variant;
    }

    /**
     * The prompt text for these messages, byte for byte what the model's Jinja template produces.
     *
     * @param messages            the conversation, in order (at least one message)
     * @param addGenerationPrompt true to end with the assistant turn opener the model continues from
     * @param enableThinking      {@code false} to switch thinking off (hybrid: empty think block in the generation
     *                            prompt), {@code true} or {@code null} for the template's default (thinking on);
     *                            ignored by {@link Variant#INSTRUCT_2507}
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Boolean enableThinking) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no chat messages to render");
        }
        StringBuilder text = new StringBuilder();
        if (messages.getFirst().role() == Role.SYSTEM) {
            text.append(IM_START).append("system\n").append(messages.getFirst().content()).append(IM_END).append('\n');
        }
        int lastQueryIndex = lastQueryIndex(messages);
        for (int index = 0; index < messages.size(); index++) {
            ChatMessage message = messages.get(index);
            switch (message.role()) {
                case USER -> appendTurn(text, message);
                case SYSTEM -> {
                    if (index > 0) appendTurn(text, message);
                }
                case ASSISTANT -> {
                    text.append(IM_START).append("assistant\n");
                    if (variant == Variant.HYBRID_THINKING) {
                        appendHybridAssistantBody(text, message.content(), index > lastQueryIndex,
                                index == messages.size() - 1);
                    } else {
                        text.append(message.content());
                    }
                    text.append(IM_END).append('\n');
                }
            }
        }
        if (addGenerationPrompt) {
            text.append(IM_START).append("assistant\n");
            if (variant == Variant.HYBRID_THINKING && Boolean.FALSE.equals(enableThinking)) {
                text.append(THINK_OPEN).append("\n\n").append(THINK_CLOSE).append("\n\n");
            }
        }
        return text.toString();
    }

    private static void appendTurn(StringBuilder text, ChatMessage message) {
        text.append(IM_START).append(message.role().wireName()).append('\n').append(message.content())
                .append(IM_END).append('\n');
    }

    /**
     * The index of the last real user query (a user message that is not a tool response); the last index when
     * there is none — the template's {@code ns.last_query_index}.
     */
    private static int lastQueryIndex(List<ChatMessage> messages) {
        for (int index = messages.size() - 1; index >= 0; index--) {
            ChatMessage message = messages.get(index);
            if (message.role() == Role.USER && !(message.content().startsWith(TOOL_RESPONSE_OPEN)
                    && message.content().endsWith(TOOL_RESPONSE_CLOSE))) {
                return index;
            }
        }
        return messages.size() - 1;
    }

    /** The hybrid template's assistant body: splits reasoning from the answer, keeps it only after the last query. */
    private static void appendHybridAssistantBody(StringBuilder text, String raw, boolean afterLastQuery, boolean last) {
        String content = raw;
        String reasoning = "";
        if (raw.contains(THINK_CLOSE)) {
            // content.split('</think>')[-1].lstrip('\n')
            content = stripLeadingNewlines(raw.substring(raw.lastIndexOf(THINK_CLOSE) + THINK_CLOSE.length()));
            // content.split('</think>')[0].rstrip('\n').split('<think>')[-1].lstrip('\n')
            String beforeFirstClose = stripTrailingNewlines(raw.substring(0, raw.indexOf(THINK_CLOSE)));
            int lastOpen = beforeFirstClose.lastIndexOf(THINK_OPEN);
            String afterLastOpen = lastOpen < 0 ? beforeFirstClose : beforeFirstClose.substring(lastOpen + THINK_OPEN.length());
            reasoning = stripLeadingNewlines(afterLastOpen);
        }
        if (afterLastQuery && (last || !reasoning.isEmpty())) {
            text.append(THINK_OPEN).append('\n').append(stripTrailingNewlines(stripLeadingNewlines(reasoning)))
                    .append('\n').append(THINK_CLOSE).append("\n\n").append(stripLeadingNewlines(content));
        } else {
            text.append(content);
        }
    }

    /** Python's {@code s.lstrip('\n')}: only newline characters, not other whitespace. */
    private static String stripLeadingNewlines(String s) {
        int start = 0;
        while (start < s.length() && s.charAt(start) == '\n') start++;
        return s.substring(start);
    }

    /** Python's {@code s.rstrip('\n')}. */
    private static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') end--;
        return s.substring(0, end);
    }
}
