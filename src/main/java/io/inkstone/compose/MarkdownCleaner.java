package io.inkstone.compose;

import com.vladsch.flexmark.ast.FencedCodeBlock;
import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.IndentedCodeBlock;
import com.vladsch.flexmark.ast.Paragraph;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tidies model output into clean Markdown without touching what is already valid: tables, lists, block
 * quotes and code blocks keep their text (nothing is de-duplicated or re-spaced inside code).
 *
 * <ul>
 *   <li>{@code <think>…</think>} blocks go, also an unclosed {@code <think>} (to the end) and a stray
 *       {@code </think>} (everything before it);</li>
 *   <li>an unclosed code fence at the end is closed;</li>
 *   <li>a piece gets exactly one top title, the brief's: a leading heading or paragraph that repeats the
 *       title, or the model's own single {@code #} title, is replaced by {@code # title};</li>
 *   <li>heading levels are shifted so that a piece's sections are {@code ##} and a section's own
 *       sub-headings start at {@code ###}, deeper levels following (setext headings become ATX);</li>
 *   <li>a paragraph that repeats an earlier one word for word (at least {@value #MIN_DEDUPLICATED_CHARACTERS}
 *       characters, so short lines such as "“好。”" may recur) is dropped;</li>
 *   <li>trailing spaces (except Markdown hard line breaks) and runs of blank lines are removed.</li>
 * </ul>
 */
public final class MarkdownCleaner {

    /** Shorter repeated paragraphs are kept: a short reply or exclamation may legitimately recur. */
    static final int MIN_DEDUPLICATED_CHARACTERS = 16;

    private static final Parser PARSER = Parser.builder(new MutableDataSet()
            .set(Parser.EXTENSIONS, List.of(TablesExtension.create()))).build();
    private static final Pattern THINK_BLOCK = Pattern.compile("<think>.*?</think>[ \\t]*\\n*", Pattern.DOTALL);
    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";

    private MarkdownCleaner() {}

    /** Removes thinking: complete blocks, text before a stray closing tag, and an unclosed block to the end. */
    public static String stripThinking(String text) {
        String answer = THINK_BLOCK.matcher(text).replaceAll("");
        int strayClose = answer.lastIndexOf(THINK_CLOSE);
        if (strayClose >= 0) answer = answer.substring(strayClose + THINK_CLOSE.length());
        int unclosedOpen = answer.indexOf(THINK_OPEN);
        if (unclosedOpen >= 0) answer = answer.substring(0, unclosedOpen);
        return answer;
    }

    /** Closes a code fence left open at the end of the text (with the same marker and indentation). */
    public static String closeCodeFences(String markdown) {
        String text = markdown.replace("\r\n", "\n");
        int contentEnd = text.stripTrailing().length();
        for (Node node : PARSER.parse(text).getDescendants()) {
            if (node instanceof FencedCodeBlock block && block.getClosingMarker().isEmpty()
                    && block.getEndOffset() >= contentEnd) {
                String marker = block.getOpeningMarker().toString();
                int markerStart = block.getOpeningMarker().getStartOffset();
                int lineStart = text.lastIndexOf('\n', markerStart - 1) + 1;
                String containerPrefix = text.substring(lineStart, markerStart).replaceAll("[^>]", " ");
                return text.stripTrailing() + "\n" + containerPrefix + marker + "\n";
            }
        }
        return text;
    }

    /**
     * Cleans a whole piece: the result starts with {@code # title}, its other headings start at {@code ##}.
     *
     * @param markdown the model's text, or an assembly of sections
     * @param title    the brief's title
     */
    public static String cleanPiece(String markdown, String title) {
        String text = closeCodeFences(stripThinking(markdown));
        Document document = PARSER.parse(text);
        List<Edit> edits = new ArrayList<>();
        Set<Node> removed = new HashSet<>();

        Node first = document.getFirstChild();
        if (first != null && (repeats(first, title) || isSoleTopTitle(first, document))) {
            edits.add(Edit.remove(first));
            removed.add(first);
        }
        shiftHeadings(document, removed, 2, edits);
        dropRepeatedParagraphs(document, edits);
        return tidyWhitespace("# " + title.strip() + "\n\n" + apply(text, edits));
    }

    /**
     * Cleans one section's text: a leading heading (or bare paragraph) that repeats the section heading or
     * the piece's title is dropped, the section's own headings start at {@code ###}. Paragraph
     * de-duplication happens later, over the whole piece.
     */
    public static String cleanSection(String body, String sectionHeading, String title) {
        String text = closeCodeFences(stripThinking(body));
        Document document = PARSER.parse(text);
        List<Edit> edits = new ArrayList<>();
        Set<Node> removed = new HashSet<>();
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            boolean repeatsName = repeats(block, sectionHeading) || repeats(block, title);
            boolean headingContainingName = block instanceof Heading heading
                    && (contains(heading, sectionHeading) || contains(heading, title));
            if (!repeatsName && !headingContainingName) break;
            edits.add(Edit.remove(block));
            removed.add(block);
        }
        shiftHeadings(document, removed, 3, edits);
        return tidyWhitespace(apply(text, edits)).strip();
    }

    // ---- structure ----

    /** True when a heading or paragraph block says {@code name} and nothing else. */
    private static boolean repeats(Node block, String name) {
        if (!(block instanceof Heading) && !(block instanceof Paragraph)) return false;
        String text = block instanceof Heading heading ? heading.getText().toString() : block.getChars().toString();
        String key = comparable(text);
        return !key.isEmpty() && key.equals(comparable(name));
    }

    private static boolean contains(Heading heading, String name) {
        String key = comparable(name);
        return !key.isEmpty() && comparable(heading.getText().toString()).contains(key);
    }

    /** A level-1 heading at the top that is the document's only level-1 heading: the model's own title. */
    private static boolean isSoleTopTitle(Node first, Document document) {
        if (!(first instanceof Heading heading) || heading.getLevel() != 1) return false;
        for (Node node : document.getDescendants()) {
            if (node != first && node instanceof Heading other && other.getLevel() == 1) return false;
        }
        return true;
    }

    /** Letters and digits only, lower case, numbering and emphasis removed: for comparing names. */
    private static String comparable(String text) {
        String cleaned = OutlineParser.cleanHeading(text.replace("\n", " "));
        StringBuilder key = new StringBuilder();
        cleaned.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(key::appendCodePoint);
        return key.toString();
    }

    /** Shifts all headings (except removed ones) so that the shallowest one gets {@code topLevel}. */
    private static void shiftHeadings(Document document, Set<Node> removed, int topLevel, List<Edit> edits) {
        List<Heading> headings = new ArrayList<>();
        for (Node node : document.getDescendants()) {
            if (node instanceof Heading heading && !removed.contains(heading)) headings.add(heading);
        }
        int shallowest = headings.stream().mapToInt(Heading::getLevel).min().orElse(topLevel);
        for (Heading heading : headings) {
            int level = Math.min(6, heading.getLevel() - shallowest + topLevel);
            if (level == heading.getLevel() && heading.isAtxHeading()) continue;
            int end = heading.getEndOffset();
            String source = heading.getChars().toString();
            if (source.endsWith("\n")) end--;
            edits.add(new Edit(heading.getStartOffset(), end, "#".repeat(level) + " " + heading.getText().toString().strip()));
        }
    }

    /** Drops top-level paragraphs that repeat an earlier one exactly (whitespace aside). */
    private static void dropRepeatedParagraphs(Document document, List<Edit> edits) {
        Set<String> seen = new HashSet<>();
        for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
            if (!(block instanceof Paragraph)) continue;
            String key = block.getChars().toString().strip().replaceAll("\\s+", " ");
            if (key.codePointCount(0, key.length()) < MIN_DEDUPLICATED_CHARACTERS) continue;
            if (!seen.add(key)) edits.add(Edit.remove(block));
        }
    }

    // ---- text edits ----

    /** Replaces source range [start, end) with {@code replacement}. */
    private record Edit(int start, int end, String replacement) {
        static Edit remove(Node node) {
            return new Edit(node.getStartOffset(), node.getEndOffset(), "");
        }
    }

    private static String apply(String text, List<Edit> edits) {
        StringBuilder out = new StringBuilder(text);
        edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed())
                .forEach(edit -> out.replace(edit.start(), edit.end(), edit.replacement()));
        return out.toString();
    }

    /**
     * Outside code blocks: trailing spaces removed (a hard line break's two spaces kept), runs of blank lines
     * made one; no blank lines at the start, one newline at the end.
     */
    private static String tidyWhitespace(String markdown) {
        String text = markdown.replace("\r\n", "\n");
        List<int[]> codeRanges = new ArrayList<>();
        for (Node node : PARSER.parse(text).getDescendants()) {
            if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock) {
                codeRanges.add(new int[] {node.getStartOffset(), node.getEndOffset()});
            }
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        int offset = 0;
        boolean previousBlank = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineStart = offset;
            offset += line.length() + 1;
            if (inRanges(codeRanges, lineStart)) {
                out.append(line).append('\n');
                previousBlank = false;
                continue;
            }
            String stripped = line.stripTrailing();
            if (stripped.isBlank()) {
                if (!previousBlank) out.append('\n');
                previousBlank = true;
                continue;
            }
            boolean hardBreak = line.endsWith("  ") && i + 1 < lines.length && !lines[i + 1].isBlank()
                    && !stripped.stripLeading().startsWith("#");
            out.append(stripped).append(hardBreak ? "  " : "").append('\n');
            previousBlank = false;
        }
        String result = out.toString().stripTrailing();
        return result.isEmpty() ? "" : result + "\n";
    }

    private static boolean inRanges(List<int[]> ranges, int offset) {
        for (int[] range : ranges) {
            if (offset >= range[0] && offset < range[1]) return true;
        }
        return false;
    }
}
