package io.inkstone.brief;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Composes brief text into one YAML node tree with marks (line/column), refusing what a brief never needs and
 * hostile input relies on: more than one document, nesting deeper than {@link #MAX_DEPTH}, more than
 * {@link #MAX_ALIASES} aliases (alias bombs). Syntax errors become one located problem with a plain-words message.
 */
final class YamlDocument {

    /** Deepest nesting of lists and maps accepted; a brief needs 4. */
    static final int MAX_DEPTH = 20;
    /** Most aliases ({@code *name}) accepted in one brief. */
    static final int MAX_ALIASES = 32;

    /** snakeyaml's "found character '@' that cannot start any token". */
    private static final Pattern CANNOT_START = Pattern.compile("found character '(.+?)' that cannot start any token");

    /** A closing bracket or comma after a value, where the block structure expected the next key. */
    private static final Pattern STRAY_FLOW = Pattern.compile("expected <block end>, but found '([\\]\\}\\[\\{,])'");

    /** The root node (null for an empty document), or the problem that stopped parsing. */
    record Composed(Node root, BriefProblem problem) {}

    private YamlDocument() {}

    static LoadSettings settings(Path file) {
        return LoadSettings.builder()
                .setLabel(file == null ? "brief" : file.toString())
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(SourceText.MAX_BYTES)
                .setUseMarks(true)
                .build();
    }

    static Composed compose(String text, Path file) {
        LoadSettings settings = settings(file);
        LimitedParser parser = new LimitedParser(new ParserImpl(settings, new StreamReader(settings, text)));
        Composer composer = new Composer(settings, parser);
        try {
            if (!composer.hasNext()) return new Composed(null, null);
            Node root = composer.next();
            if (composer.hasNext()) {
                Event second = parser.peekEvent();
                return problem(file, second.getStartMark(), "the file holds more than one YAML document (a `---` line starts another one)",
                        "put one brief in each file; remove the `---` line");
            }
            return new Composed(root, null);
        } catch (LimitExceeded e) {
            return problem(file, e.mark, e.getMessage(), e.hint);
        } catch (MarkedYamlEngineException e) {
            return translate(file, e);
        } catch (YamlEngineException e) {
            return new Composed(null, new BriefProblem(file, 1, 1, "the YAML could not be read: " + e.getMessage(), null));
        }
    }

    private static Composed translate(Path file, MarkedYamlEngineException e) {
        Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() == null ? "" : e.getProblem().strip().replaceAll("\\s+", " ");
        String context = e.getContext() == null ? "" : e.getContext().strip();
        if (mark.isPresent() && charAt(mark.get()) == '\t') {
            boolean indentation = onlyBlanksBefore(mark.get());
            return problem(file, mark, indentation ? "a tab is used for indentation; YAML allows only spaces there"
                            : "a tab separates the parts of this line; YAML's parser accepts only spaces here",
                    "replace the tab with spaces (most editors can convert tabs to spaces)");
        }
        if (problem.startsWith("mapping values are not allowed here")) {
            return problem(file, mark, "unexpected `:` here: YAML reads it as the start of another `key: value`",
                    "if the value itself contains `: `, put the whole value in quotes; otherwise check this line's indentation");
        }
        if (problem.startsWith("could not find expected ':'")) {
            return problem(file, mark, "expected `key: value` here",
                    "add the missing `:` after the key, or indent the continuation of the previous value");
        }
        if (problem.startsWith("found undefined alias")) {
            return problem(file, mark, "`*" + problem.substring("found undefined alias".length()).trim() + "` refers to an anchor that is not defined",
                    "define it first with `&name`, or write the value out");
        }
        if (problem.startsWith("found unexpected end of stream") && context.contains("quoted scalar")) {
            return problem(file, e.getContextMark().isPresent() ? e.getContextMark() : mark, "this quoted text is never closed",
                    "add the closing quote");
        }
        Matcher stray = STRAY_FLOW.matcher(problem);
        if (stray.find()) {
            return problem(file, mark, "unexpected `" + stray.group(1) + "` here", hintFor("flow"));
        }
        if (problem.contains("expected <block end>") || problem.startsWith("did not find expected key")
                || problem.startsWith("did not find expected '-' indicator")) {
            return problem(file, mark, "the indentation here does not fit the lines above (" + problem + ")",
                    "keys of one map must start in the same column; list items start with `- ` at the same column");
        }
        if (problem.startsWith("sequence entries are not allowed here")) {
            return problem(file, mark, "`- ` starts a list item here, where YAML does not expect one",
                    "check the indentation, or put a value that starts with `- ` in quotes");
        }
        Matcher badStart = CANNOT_START.matcher(problem);
        if (badStart.find()) {
            return problem(file, mark, "a value cannot start with the character '" + badStart.group(1) + "' in YAML", "put the value in quotes");
        }
        return problem(file, mark, "YAML syntax error: " + problem, hintFor(problem.contains("directive") ? "directive" : context));
    }

    /** A hint from what the parser was doing when it failed (its "while scanning …" context). */
    private static String hintFor(String context) {
        if (context.contains("block scalar")) {
            return "after `|` or `>` the text starts on the next line, indented; to start a value with `|` or `>`, put it in quotes";
        }
        if (context.contains("flow")) {
            return "check the brackets: items in `[…]` and `{…}` are separated by `,`, and text that contains `,` `:` `[` `]` `{` `}` must be quoted";
        }
        if (context.contains("alias") || context.contains("anchor")) {
            return "`*` and `&` at the start of a value mark YAML aliases and anchors; put the value in quotes";
        }
        if (context.contains("tag")) return "`!` at the start of a value marks a YAML tag; put the value in quotes";
        if (context.contains("directive")) return "a line starting with `%` is a YAML directive; put the text in quotes";
        return context.isBlank() ? null : context;
    }

    private static int charAt(Mark mark) {
        int[] buffer = mark.getBuffer();
        return buffer != null && mark.getPointer() >= 0 && mark.getPointer() < buffer.length ? buffer[mark.getPointer()] : -1;
    }

    private static boolean onlyBlanksBefore(Mark mark) {
        int[] buffer = mark.getBuffer();
        for (int i = mark.getPointer() - 1; i >= 0; i--) {
            int c = buffer[i];
            if (c == '\n' || c == '\r') return true;
            if (c != ' ' && c != '\t') return false;
        }
        return true;
    }

    private static Composed problem(Path file, Optional<Mark> mark, String message, String hint) {
        int line = mark.map(m -> m.getLine() + 1).orElse(1);
        int column = mark.map(m -> m.getColumn() + 1).orElse(1);
        return new Composed(null, new BriefProblem(file, line, column, message, hint));
    }

    /** A refusal by {@link LimitedParser}, located at the event that crossed the limit. */
    private static final class LimitExceeded extends RuntimeException {
        final Optional<Mark> mark;
        final String hint;

        LimitExceeded(Optional<Mark> mark, String message, String hint) {
            super(message, null, false, false);
            this.mark = mark;
            this.hint = hint;
        }
    }

    /**
     * Wraps the YAML parser and counts, as events are consumed, the nesting depth and the aliases; the composer
     * recurses once per level, so the depth limit is what keeps a hostile document from exhausting the stack.
     */
    private static final class LimitedParser implements Parser {
        private final Parser delegate;
        private int depth;
        private int aliases;

        LimitedParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return delegate.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public Event next() {
            Event event = delegate.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw new LimitExceeded(event.getStartMark(), "lists and maps are nested more than " + MAX_DEPTH + " levels deep",
                                "a brief needs at most 4 levels; is this the right file?");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                case Alias -> {
                    if (++aliases > MAX_ALIASES) {
                        throw new LimitExceeded(event.getStartMark(), "more than " + MAX_ALIASES + " aliases (`*name`) in one brief",
                                "write the values out instead of repeating them through anchors");
                    }
                }
                default -> { }
            }
            return event;
        }
    }
}
