package io.inkstone.vault;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Obsidian-safe names: file names that work on every platform Obsidian syncs to and inside wikilinks, folder paths
 * that cannot leave the vault, and valid tags.
 */
public final class SafeNames {

    /** Longest file-name stem, in code points; most file systems allow 255 bytes for a whole name. */
    public static final int MAX_STEM_CODE_POINTS = 120;
    /** Longest stem in UTF-8 bytes, leaving room for " (999)" and an extension within 255 bytes. */
    public static final int MAX_STEM_BYTES = 200;

    /** Characters that break wikilinks, front matter or a file system somewhere: {@code * " \ / < > : | ? [ ] # ^}. */
    private static final Pattern FORBIDDEN = Pattern.compile("[*\"\\\\/<>:|?\\[\\]#^\\p{Cntrl}\\u2028\\u2029]");
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");
    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SafeNames() {}

    /**
     * Turns any text (a title, a brief's id) into a file-name stem: forbidden characters and control characters become
     * spaces, whitespace runs collapse, leading dots and trailing dots/spaces go, Windows device names (CON, NUL, ...)
     * get a "_" after the device name,
     * and the result is cut (at a character boundary) to {@link #MAX_STEM_CODE_POINTS} code points and
     * {@link #MAX_STEM_BYTES} UTF-8 bytes.
     *
     * @param text     the wanted name (may be null)
     * @param fallback used when nothing usable is left (must itself be safe)
     */
    public static String fileStem(String text, String fallback) {
        String s = clean(text);
        if (s.isEmpty()) return fallback;
        String base = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        if (WINDOWS_RESERVED.contains(base.strip().toUpperCase(Locale.ROOT))) s = base + "_" + s.substring(base.length());
        return s;
    }

    /** {@link #fileStem} without the device-name rule and the fallback: for parts of a longer name. */
    static String clean(String text) {
        String s = text == null ? "" : text;
        s = FORBIDDEN.matcher(s).replaceAll(" ");
        s = WHITESPACE_RUN.matcher(s).replaceAll(" ").strip();
        s = stripLeadingDots(s);
        s = truncate(s);
        return stripTrailingDotsAndSpaces(s);
    }

    /**
     * Splits a folder setting such as {@code "Writing/Essays"} into safe segments; empty, {@code .} and {@code ..}
     * segments are dropped, so the folder always stays inside the vault.
     */
    public static List<String> folderSegments(String folder) {
        List<String> segments = new ArrayList<>();
        if (folder == null) return segments;
        for (String raw : folder.split("[/\\\\]")) {
            String segment = fileStem(raw, "");
            if (!segment.isEmpty()) segments.add(segment);
        }
        return segments;
    }

    private static String stripLeadingDots(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ' ')) i++;
        return s.substring(i);
    }

    private static String stripTrailingDotsAndSpaces(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) end--;
        return s.substring(0, end);
    }

    /** Cuts at the last grapheme boundary that keeps both limits, so no emoji or combining mark is split. */
    private static String truncate(String s) {
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(s);
        int codePoints = 0;
        int bytes = 0;
        int keep = 0;
        for (int start = 0, end = graphemes.next(); end != BreakIterator.DONE; start = end, end = graphemes.next()) {
            String grapheme = s.substring(start, end);
            codePoints += grapheme.codePointCount(0, grapheme.length());
            bytes += grapheme.getBytes(StandardCharsets.UTF_8).length;
            if (codePoints > MAX_STEM_CODE_POINTS || bytes > MAX_STEM_BYTES) break;
            keep = end;
        }
        return keep == s.length() ? s : s.substring(0, keep).strip();
    }
}
