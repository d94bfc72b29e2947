package io.inkstone.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the fonts for PDF export. PDFBox embeds only TrueType-outline ({@code glyf}) fonts, so every candidate is
 * opened and checked; CFF-outline fonts (Noto/Source Han {@code .otf}/{@code .ttc}, which fontconfig likes to
 * recommend) are refused.
 *
 * <p>Chinese text: the setting → known system paths → {@code fc-list :lang=zh} → the bundled WenQuanYi Micro Hei.
 * Monospace (code): known paths (DejaVu Sans Mono, Liberation Mono, …) → the Chinese font's "Mono" face → the Chinese
 * font. Emoji and symbols: known paths of Symbola → the bundled Symbola.
 */
public final class FontLocator {
    private static final Logger LOG = LoggerFactory.getLogger(FontLocator.class);
    private static final String BUNDLED_CJK = "/io/inkstone/export/fonts/wqy-microhei.ttc";
    private static final String BUNDLED_CJK_FACE = "WenQuanYiMicroHei";
    private static final String BUNDLED_CJK_MONO_FACE = "WenQuanYiMicroHeiMono";
    private static final String BUNDLED_EMOJI = "/io/inkstone/export/fonts/Symbola.ttf";
    private static final String BUNDLED_EMOJI_FACE = "Symbola";
    private static final int CJK_PROBE = '中';
    private static final int EMOJI_PROBE = 0x1F600; // 😀
    private static final int LATIN_PROBE = 'a';

    /** Well-known TrueType CJK fonts (Debian/Ubuntu, Fedora, Arch, macOS, Windows), best first. */
    public static final List<Path> KNOWN_CJK_FONTS = paths(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
            "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
            "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
            "/usr/share/fonts/truetype/arphic/ukai.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/System/Library/Fonts/Hiragino Sans GB.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
            "C:\\Windows\\Fonts\\msyh.ttc",
            "C:\\Windows\\Fonts\\simhei.ttf",
            "C:\\Windows\\Fonts\\simsun.ttc");

    /** Well-known monospace TrueType fonts for code. */
    public static final List<Path> KNOWN_MONO_FONTS = paths(
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
            "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
            "/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
            "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
            "/usr/share/fonts/liberation-mono/LiberationMono-Regular.ttf",
            "/System/Library/Fonts/Supplemental/Courier New.ttf",
            "C:\\Windows\\Fonts\\consola.ttf");

    /** Well-known black-and-white emoji/symbol fonts (colour emoji fonts cannot be embedded by PDFBox). */
    public static final List<Path> KNOWN_EMOJI_FONTS = paths(
            "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
            "/usr/share/fonts/truetype/symbola/Symbola.ttf",
            "/usr/share/fonts/gdouros-symbola/Symbola.ttf",
            "/usr/share/fonts/TTF/Symbola.ttf");

    private final List<Path> knownCjkFonts;
    private final List<Path> knownMonoFonts;
    private final List<Path> knownEmojiFonts;
    private final Function<String, List<Path>> fontconfig;

    /**
     * @param fontconfig runs a fontconfig query (a pattern such as {@code :lang=zh}) and returns the files it lists
     */
    public FontLocator(List<Path> knownCjkFonts, List<Path> knownMonoFonts, List<Path> knownEmojiFonts,
                       Function<String, List<Path>> fontconfig) {
        this.knownCjkFonts = List.copyOf(knownCjkFonts);
        this.knownMonoFonts = List.copyOf(knownMonoFonts);
        this.knownEmojiFonts = List.copyOf(knownEmojiFonts);
        this.fontconfig = fontconfig;
    }

    /** The locator for this machine: the known paths above and the real {@code fc-list}. */
    public static FontLocator system() {
        return new FontLocator(KNOWN_CJK_FONTS, KNOWN_MONO_FONTS, KNOWN_EMOJI_FONTS, FontLocator::fcList);
    }

    /**
     * Chooses the fonts and logs the choice.
     *
     * @param configuredFont the user's font file (setting or option), or null
     * @throws ExportException when the configured font is missing or cannot be embedded (it is never silently replaced)
     */
    public FontSet locate(Path configuredFont) {
        FontFace cjk = configuredFont != null ? configured(configuredFont) : findCjk();
        FontFace mono = findMono(cjk);
        FontFace emoji = findEmoji();
        LOG.info("PDF fonts: text {}; code {}; emoji {}", cjk.describe(), mono.describe(), emoji.describe());
        return new FontSet(cjk, mono, emoji);
    }

    private FontFace configured(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ExportException(ExportException.Reason.SETTINGS, "the font set in inkstone.export.font (or --font), "
                    + file + ", does not exist; point it at a TrueType .ttf/.ttc file or remove the setting");
        }
        Probe probe = probe(file, CJK_PROBE, null);
        if (probe.face() == null) {
            throw new ExportException(ExportException.Reason.SETTINGS, "the font " + file + " set in inkstone.export.font "
                    + "cannot be used: " + probe.reason() + ". Use a TrueType-outline font such as WenQuanYi Micro Hei "
                    + "(apt-get install fonts-wqy-microhei) or remove the setting to use the bundled one");
        }
        return new FontFace(probe.face(), file, null, FontSource.SETTING);
    }

    private FontFace findCjk() {
        for (Path path : knownCjkFonts) {
            FontFace face = accept(path, CJK_PROBE, null, FontSource.SYSTEM_PATH);
            if (face != null) return face;
        }
        for (Path path : fontconfig.apply(":lang=zh")) {
            FontFace face = accept(path, CJK_PROBE, null, FontSource.FONTCONFIG);
            if (face != null) return face;
        }
        return new FontFace(BUNDLED_CJK_FACE, null, BUNDLED_CJK, FontSource.BUNDLED);
    }

    private FontFace findMono(FontFace cjk) {
        for (Path path : knownMonoFonts) {
            FontFace face = accept(path, LATIN_PROBE, null, FontSource.SYSTEM_PATH);
            if (face != null) return face;
        }
        if (cjk.source() == FontSource.BUNDLED) return new FontFace(BUNDLED_CJK_MONO_FACE, null, BUNDLED_CJK, FontSource.BUNDLED);
        if (cjk.file() != null && cjk.file().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
            Probe probe = probe(cjk.file(), LATIN_PROBE, "mono");
            if (probe.face() != null && probe.face().toLowerCase(Locale.ROOT).contains("mono")) {
                return new FontFace(probe.face(), cjk.file(), null, cjk.source());
            }
        }
        return cjk;
    }

    private FontFace findEmoji() {
        for (Path path : knownEmojiFonts) {
            FontFace face = accept(path, EMOJI_PROBE, null, FontSource.SYSTEM_PATH);
            if (face != null) return face;
        }
        return new FontFace(BUNDLED_EMOJI_FACE, null, BUNDLED_EMOJI, FontSource.BUNDLED);
    }

    private static FontFace accept(Path path, int codePoint, String preferredFace, FontSource source) {
        if (!Files.isRegularFile(path)) return null;
        Probe probe = probe(path, codePoint, preferredFace);
        if (probe.face() == null) {
            LOG.debug("font {} skipped: {}", path, probe.reason());
            return null;
        }
        return new FontFace(probe.face(), path, null, source);
    }

    /** The result of checking a font file: the usable face's PostScript name, or why there is none. */
    record Probe(String face, String reason) {}

    /**
     * Checks that a font file has a TrueType-outline face that maps {@code codePoint}; a face whose name contains
     * {@code preferredFace} (case-insensitive) wins over the others.
     */
    static Probe probe(Path file, int codePoint, String preferredFace) {
        List<String> usable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        try {
            if (isCollection(file)) {
                try (TrueTypeCollection collection = new TrueTypeCollection(file.toFile())) {
                    collection.processAllFonts(font -> check(font, codePoint, usable, reasons));
                }
            } else {
                try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()))) {
                    check(font, codePoint, usable, reasons);
                }
            }
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("glyf") || message.contains("OTF") || message.contains("CFF")) {
                return new Probe(null, "it has CFF (PostScript) outlines, which PDFBox cannot embed; TrueType outlines are needed");
            }
            return new Probe(null, "it cannot be read as a TrueType font (" + message + ")");
        }
        if (usable.isEmpty()) return new Probe(null, String.join("; ", new LinkedHashSet<>(reasons)));
        String chosen = usable.get(0);
        if (preferredFace != null) {
            for (String name : usable) {
                if (name.toLowerCase(Locale.ROOT).contains(preferredFace.toLowerCase(Locale.ROOT))) {
                    chosen = name;
                    break;
                }
            }
        }
        return new Probe(chosen, null);
    }

    private static void check(TrueTypeFont font, int codePoint, List<String> usable, List<String> reasons) throws IOException {
        if (!font.getTableMap().containsKey("glyf")) {
            reasons.add("it has CFF (PostScript) outlines, which PDFBox cannot embed; TrueType outlines are needed");
            return;
        }
        CmapLookup cmap = font.getUnicodeCmapLookup(false);
        if (cmap == null || cmap.getGlyphId(codePoint) == 0) {
            reasons.add("it has no glyph for " + new String(Character.toChars(codePoint)) + " (U+"
                    + Integer.toHexString(codePoint).toUpperCase(Locale.ROOT) + ")");
            return;
        }
        usable.add(font.getName());
    }

    private static boolean isCollection(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] tag = in.readNBytes(4);
            return new String(tag, StandardCharsets.ISO_8859_1).equals("ttcf");
        }
    }

    /** Runs {@code fc-list -f '%{file}\n' PATTERN}; an empty list when fontconfig is not installed or fails. */
    static List<Path> fcList(String pattern) {
        try {
            Process process = new ProcessBuilder("fc-list", "-f", "%{file}\\n", pattern).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return List.of();
            }
            return new String(output, StandardCharsets.UTF_8).lines().map(String::strip).filter(line -> !line.isEmpty())
                    .distinct().sorted().map(Path::of).toList();
        } catch (IOException e) {
            LOG.debug("fontconfig not available: {}", e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<Path> paths(String... names) {
        List<Path> list = new ArrayList<>();
        for (String name : names) {
            try {
                list.add(Path.of(name));
            } catch (java.nio.file.InvalidPathException e) {
                // a path of another operating system (C:\ on Linux is fine, but keep this safe everywhere)
            }
        }
        return List.copyOf(list);
    }

    /**
     * The fonts of one PDF export.
     *
     * @param text  Chinese (and Latin) body text
     * @param mono  code
     * @param emoji emoji and symbols missing from the others (used as a fallback)
     */
    public record FontSet(FontFace text, FontFace mono, FontFace emoji) {}
}
