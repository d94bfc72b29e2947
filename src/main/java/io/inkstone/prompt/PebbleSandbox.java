package io.inkstone.prompt;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.ClassAccessException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.core.DisallowExtensionCustomizerBuilder;
import io.pebbletemplates.pebble.loader.MemoryLoader;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Pebble engine prompt templates run in. Templates are data, so the engine is locked down:
 * <ul>
 *   <li>no Java method calls at all: the method-access validator refuses every method except the getters of
 *       Pebble's own {@code loop} variable ({@code loop.index}, {@code loop.first}, ...); maps are read by key,
 *       lists by index, without reflection;</li>
 *   <li>no files, classpath or network: templates are compiled from the in-memory text of their own section
 *       ({@link MemoryLoader}); the tags that load other templates ({@code include}, {@code import},
 *       {@code from}, {@code extends}, {@code embed}) and {@code parallel}/{@code cache}/{@code flush} are
 *       removed, and so is the {@code i18n} function (it reads resource bundles);</li>
 *   <li>loops run only over the data given: {@code range()} and the {@code ..} operator are removed (a large
 *       range is built in memory before the output cap can stop it);</li>
 *   <li>strict variables: a name the caller did not give is an error, not an empty string;</li>
 *   <li>no auto-escaping (prompts are plain text), and output is capped at {@value #MAX_RENDERED_CHARS}
 *       characters so a runaway loop fails instead of filling memory.</li>
 * </ul>
 * Whitespace: a line holding only {@code {% ... %}} tags and {@code {# ... #}} comments produces nothing, not even
 * its line break (as Jinja's {@code trim_blocks}/{@code lstrip_blocks} do); every other character is kept as
 * written. (Pebble's own {@code newLineTrimming} would also eat the line break after {@code {{ value }}}.)
 * Every render gets a fresh copy of the variables (Pebble's {@code set} writes into the map it is given).
 */
final class PebbleSandbox {

    /** Upper bound on one rendered section (prompts carry at most a long partial text). */
    static final int MAX_RENDERED_CHARS = 2_000_000;

    private static final List<String> DISALLOWED_TAGS =
            List.of("include", "import", "from", "extends", "embed", "parallel", "cache", "flush");
    private static final List<String> DISALLOWED_FUNCTIONS = List.of("i18n", "range");
    private static final List<String> DISALLOWED_OPERATORS = List.of("..");

    private final MemoryLoader loader = new MemoryLoader();
    private final PebbleEngine engine = new PebbleEngine.Builder()
            .loader(loader)
            .strictVariables(true)
            .autoEscaping(false)
            .newLineTrimming(false)
            .defaultLocale(Locale.ROOT)
            .maxRenderedSize(MAX_RENDERED_CHARS)
            .methodAccessValidator(PebbleSandbox::isMethodAllowed)
            .registerExtensionCustomizer(new DisallowExtensionCustomizerBuilder()
                    .disallowedTokenParserTags(DISALLOWED_TAGS)
                    .disallowedFunctionKeys(DISALLOWED_FUNCTIONS)
                    .disallowedBinaryOperatorSymbols(DISALLOWED_OPERATORS)
                    .build())
            .build();

    private static boolean isMethodAllowed(Object target, Method method) {
        return target instanceof ForNode.LoopVariables && method.getDeclaringClass() == ForNode.LoopVariables.class;
    }

    /**
     * Compiles one template text under a unique key.
     *
     * @throws PebbleException on a syntax error (its line is relative to {@code text})
     */
    PebbleTemplate compile(String key, String text) {
        loader.addTemplate(key, trimTagLines(text));
        return engine.getTemplate(key);
    }

    private static final Pattern TAG_ONLY_LINE = Pattern.compile("[ \\t]*(?:(?:\\{%.*?%\\}|\\{#.*?#\\})[ \\t]*)+");

    /**
     * Makes every tag-only line vanish from the output: its indentation is dropped and its line break moved into
     * a comment ({@code {#\n#}}), so Pebble's line numbers still match the file.
     */
    static String trimTagLines(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            boolean last = index == lines.length - 1;
            if (!last && TAG_ONLY_LINE.matcher(line).matches()) {
                out.append(line.strip()).append("{#\n#}");
            } else {
                out.append(line);
                if (!last) out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Renders a compiled template.
     *
     * @throws SandboxRenderException with the line (relative to the template text, 0 when unknown) and a message
     */
    String render(PebbleTemplate template, Map<String, Object> variables) {
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, new HashMap<>(variables));
        } catch (ClassAccessException e) {
            throw new SandboxRenderException(lineOf(e),
                    "templates cannot call Java methods or reach Java objects (" + e.getPebbleMessage() + ")", e);
        } catch (PebbleException e) {
            throw new SandboxRenderException(lineOf(e), e.getPebbleMessage() == null ? e.getMessage() : e.getPebbleMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new SandboxRenderException(0, "the template failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        return out.toString();
    }

    static int lineOf(PebbleException e) {
        return e.getLineNumber() == null ? 0 : e.getLineNumber();
    }

    /** A render failure with the line inside the template text (0 when unknown). */
    static final class SandboxRenderException extends RuntimeException {
        private final int line;

        SandboxRenderException(int line, String message, Throwable cause) {
            super(message, cause);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
