package io.inkstone.export;

/** Where a font used for PDF export came from, in the order they are tried. */
public enum FontSource {
    /** the setting {@code inkstone.export.font} (or {@code --font}) */
    SETTING,
    /** a well-known system path (WenQuanYi, AR PL, Droid, Microsoft YaHei, …) */
    SYSTEM_PATH,
    /** fontconfig's list of Chinese fonts ({@code fc-list :lang=zh}), TrueType outlines only */
    FONTCONFIG,
    /** the font shipped inside Inkstone */
    BUNDLED
}
