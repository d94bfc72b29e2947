package io.inkstone.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.BriefProblem;
import io.inkstone.llm.ChatMessage;
import io.inkstone.llm.qwen3.ChatTemplateException;
import io.inkstone.prompt.PromptBuilder;
import io.inkstone.prompt.PromptTemplate;
import io.inkstone.llm.qwen3.Qwen3ChatTemplate;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inkstone prompt FILE}: prints the exact prompt the model will see for a brief (its one-shot prompt,
 * rendered with the Qwen3 chat template), or with {@code --messages-json} the chat messages as JSON, so a writer
 * can check what is sent.
 */
@Command(name = "prompt", mixinStandardHelpOptions = true,
        description = {"Print the prompt the model sees for a brief: its template expanded into chat messages and"
                + " rendered with the Qwen3 chat template (thinking off unless the brief or --thinking turns it on).",
                "Templates: the built-ins, extended or replaced by --templates DIR, else -Dinkstone.templates=DIR,"
                        + " else ./templates, else <inkstone.home>/templates (see docs/TEMPLATES.md)."})
public final class PromptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the brief (YAML)")
    Path briefFile;

    @Option(names = "--messages-json", description = "print the chat messages as a JSON array instead of the rendered text")
    boolean messagesJson;

    @Option(names = "--model", paramLabel = "DIR",
            description = "render with the chat template of this model folder's tokenizer_config.json"
                    + " (default: the Qwen3 hybrid-thinking template)")
    Path modelDir;

    @Option(names = "--templates", paramLabel = "DIR",
            description = "your templates folder: its *.md templates add to the built-ins and replace those of the same name")
    Path templatesDir;

    @Option(names = "--thinking", description = "leave thinking on (Qwen3 hybrid models); the default for writing is off")
    boolean thinking;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TemplateLibrary library = templatesDir == null ? TemplateLibrary.standard() : TemplateLibrary.load(templatesDir);
            BriefParseResult parsed = new BriefParser(library.names()).parse(briefFile);
            if (!parsed.ok()) {
                for (BriefProblem problem : parsed.problems()) err.println(problem.format());
                err.flush();
                return ExitCode.INVALID_INPUT.code();
            }
            Brief brief = parsed.brief();
            PromptBuilder builder = new PromptBuilder(library);
            PromptTemplate template = library.get(builder.templateNameFor(brief));
            if (!template.suits(brief.type())) {
                err.println("note: template '" + template.name() + "' is meant for " + String.join(", ", template.types())
                        + ", not " + brief.type().yamlName() + " (" + template.source() + ")");
            }
            List<ChatMessage> messages = builder.forBrief(brief);
            if (messagesJson) {
                out.println(toJson(messages));
            } else {
                Qwen3ChatTemplate chatTemplate = chatTemplate();
                boolean enableThinking = thinking || Boolean.TRUE.equals(brief.generation().thinking());
                if (enableThinking && chatTemplate.variant() == Qwen3ChatTemplate.Variant.INSTRUCT_2507) {
                    err.println("note: thinking is ignored: this model's chat template (Qwen3-Instruct-2507) has no thinking mode");
                }
                out.print(chatTemplate.render(messages, true, enableThinking));
            }
            out.flush();
            err.flush();
            return ExitCode.OK.code();
        } catch (TemplateException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCode.INVALID_INPUT.code();
        }
    }

    private Qwen3ChatTemplate chatTemplate() {
        if (modelDir == null) return Qwen3ChatTemplate.of(Qwen3ChatTemplate.Variant.HYBRID_THINKING);
        Path config = ModelLoading.folder(modelDir).resolve("tokenizer_config.json");
        if (!Files.isRegularFile(config)) {
            throw new ErrorHandler.UserFacingException(ExitCode.MODEL_ERROR, modelDir + " has no tokenizer_config.json:"
                    + " point --model at a model folder (config.json, tokenizer.json, tokenizer_config.json, weights)", null);
        }
        try {
            return Qwen3ChatTemplate.fromTokenizerConfig(config);
        } catch (ChatTemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.MODEL_ERROR, e.getMessage(), e);
        }
    }

    private static String toJson(List<ChatMessage> messages) {
        List<Map<String, String>> list = messages.stream().map(message -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("role", message.role().wireName());
            entry.put("content", message.content());
            return entry;
        }).toList();
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chat messages as JSON", e);
        }
    }
}
