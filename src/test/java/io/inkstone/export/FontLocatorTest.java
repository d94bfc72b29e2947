package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The font lookup order and the refusal of fonts PDFBox cannot embed. */
class FontLocatorTest {
    @TempDir
    Path folder;

    private Path bundledCopy(String resource, String name) throws IOException {
        try (InputStream in = FontLocator.class.getResourceAsStream("/io/inkstone/export/fonts/" + resource)) {
            Path target = folder.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    @Test
    void should_use_the_bundled_fonts_on_a_machine_without_chinese_fonts() throws IOException {
        List<String> queries = new ArrayList<>();
        FontLocator locator = new FontLocator(List.of(folder.resolve("absent.ttc")), List.of(), List.of(),
                query -> { queries.add(query); return List.of(); });
        FontLocator.FontSet fonts = locator.locate(null);
        assertThat(fonts.text()).isEqualTo(new FontFace("WenQuanYiMicroHei", null,
                "/io/inkstone/export/fonts/wqy-microhei.ttc", FontSource.BUNDLED));
        assertThat(fonts.mono().postScriptName()).isEqualTo("WenQuanYiMicroHeiMono");
        assertThat(fonts.emoji().postScriptName()).isEqualTo("Symbola");
        assertThat(fonts.emoji().source()).isEqualTo(FontSource.BUNDLED);
        assertThat(queries).containsExactly(":lang=zh");
        try (FontFace.OpenedFont opened = fonts.text().open()) {
            assertThat(opened.font().getUnicodeCmapLookup().getGlyphId('墨')).isPositive();
        }
    }

    @Test
    void should_prefer_a_known_system_path_over_fontconfig_and_the_bundled_font() throws IOException {
        Path system = bundledCopy("wqy-microhei.ttc", "wqy-microhei.ttc");
        FontLocator locator = new FontLocator(List.of(folder.resolve("missing.ttc"), system), List.of(), List.of(),
                query -> { throw new AssertionError("fontconfig must not be asked when a known path has a font"); });
        FontLocator.FontSet fonts = locator.locate(null);
        assertThat(fonts.text()).isEqualTo(new FontFace("WenQuanYiMicroHei", system, null, FontSource.SYSTEM_PATH));
        assertThat(fonts.mono()).isEqualTo(new FontFace("WenQuanYiMicroHeiMono", system, null, FontSource.SYSTEM_PATH));
    }

    @Test
    void should_skip_cff_and_non_chinese_fonts_that_fontconfig_lists() throws IOException {
        Path cff = ExportTestSupport.copyResource("fonts/cff-cjk.otf", folder);
        Path latin = ExportTestSupport.copyResource("fonts/latin-only.ttf", folder);
        Path good = bundledCopy("wqy-microhei.ttc", "good.ttc");
        FontLocator locator = new FontLocator(List.of(), List.of(), List.of(), query -> List.of(cff, latin, good));
        assertThat(locator.locate(null).text()).isEqualTo(new FontFace("WenQuanYiMicroHei", good, null, FontSource.FONTCONFIG));
    }

    @Test
    void should_explain_why_a_font_cannot_be_embedded() throws IOException {
        Path cff = ExportTestSupport.copyResource("fonts/cff-cjk.otf", folder);
        assertThat(FontLocator.probe(cff, '中', null).reason()).contains("CFF");
        Path latin = ExportTestSupport.copyResource("fonts/latin-only.ttf", folder);
        assertThat(FontLocator.probe(latin, '中', null).reason()).contains("no glyph for 中");
        Path text = Files.writeString(folder.resolve("not-a-font.ttf"), "hello");
        assertThat(FontLocator.probe(text, '中', null).reason()).contains("cannot be read as a TrueType font");
    }

    @Test
    void should_use_the_configured_font_or_fail_clearly() throws IOException {
        Path mine = bundledCopy("wqy-microhei.ttc", "my-font.ttc");
        FontLocator locator = new FontLocator(List.of(), List.of(), List.of(), query -> List.of());
        assertThat(locator.locate(mine).text()).isEqualTo(new FontFace("WenQuanYiMicroHei", mine, null, FontSource.SETTING));

        Path cff = ExportTestSupport.copyResource("fonts/cff-cjk.otf", folder);
        assertThatThrownBy(() -> locator.locate(cff)).isInstanceOf(ExportException.class)
                .hasMessageContaining("CFF").hasMessageContaining("fonts-wqy-microhei");
        assertThatThrownBy(() -> locator.locate(folder.resolve("nope.ttf"))).isInstanceOf(ExportException.class)
                .hasMessageContaining("does not exist");
    }
}
