package io.inkstone.export;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Export settings.
 *
 * @param engine   which engine to use
 * @param fontFile a TrueType font for Chinese text in PDFs ({@code .ttf} or {@code .ttc}), or null to search for one
 * @param userCss  a stylesheet applied after the default one (PDF and EPUB), or null for none
 */
public record ExportSettings(EngineChoice engine, Path fontFile, Path userCss) {

    /** Setting keys (in {@code inkstone.properties} or as {@code -D} system properties). */
    public static final String ENGINE_KEY = "inkstone.export.engine";
    public static final String FONT_KEY = "inkstone.export.font";
    public static final String CSS_KEY = "inkstone.export.css";

    public ExportSettings {
        if (engine == null) engine = EngineChoice.AUTO;
    }

    /** AUTO engine, searched font, no user stylesheet. */
    public static ExportSettings defaults() {
        return new ExportSettings(EngineChoice.AUTO, null, null);
    }

    /**
     * Reads {@code inkstone.export.engine}, {@code inkstone.export.font} and {@code inkstone.export.css};
     * relative paths are resolved against {@code baseDirectory} (the folder of the properties file).
     */
    public static ExportSettings fromProperties(Properties properties, Path baseDirectory) {
        String engine = properties.getProperty(ENGINE_KEY);
        return new ExportSettings(
                engine == null || engine.isBlank() ? EngineChoice.AUTO : EngineChoice.parse(engine),
                path(properties.getProperty(FONT_KEY), baseDirectory),
                path(properties.getProperty(CSS_KEY), baseDirectory));
    }

    private static Path path(String value, Path baseDirectory) {
        if (value == null || value.isBlank()) return null;
        String expanded = value.strip().startsWith("~/") ? System.getProperty("user.home") + value.strip().substring(1) : value.strip();
        return baseDirectory.resolve(expanded).normalize();
    }

    public ExportSettings withEngine(EngineChoice choice) { return new ExportSettings(choice, fontFile, userCss); }

    public ExportSettings withFontFile(Path file) { return new ExportSettings(engine, file, userCss); }

    public ExportSettings withUserCss(Path file) { return new ExportSettings(engine, fontFile, file); }
}
