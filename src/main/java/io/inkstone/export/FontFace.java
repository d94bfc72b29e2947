package io.inkstone.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;

/**
 * One TrueType-outline face of a font file (a {@code .ttf}, or one face of a {@code .ttc}) that PDFBox can embed.
 *
 * @param postScriptName the face's PostScript name (selects the face inside a collection)
 * @param file           the font file, or null for a font bundled in Inkstone
 * @param resource       the classpath resource of a bundled font, or null
 * @param source         where it was found
 */
public record FontFace(String postScriptName, Path file, String resource, FontSource source) {

    private static final ConcurrentHashMap<String, byte[]> BUNDLED_BYTES = new ConcurrentHashMap<>();

    public FontFace {
        if ((file == null) == (resource == null)) throw new IllegalArgumentException("a font face needs a file or a resource");
    }

    /** For logs and messages: "WenQuanYiMicroHei in /usr/share/fonts/…/wqy-microhei.ttc (system path)". */
    public String describe() {
        String where = file != null ? file.toString() : "Inkstone's bundled " + resource.substring(resource.lastIndexOf('/') + 1);
        return postScriptName + " in " + where + " (" + source.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
    }

    /** Opens the face for embedding; close it after the PDF has been saved (subsetting reads it at save time). */
    public OpenedFont open() throws IOException {
        boolean collection = (file != null ? file.toString() : resource).toLowerCase(java.util.Locale.ROOT).endsWith(".ttc");
        if (!collection) {
            TrueTypeFont font = new TTFParser().parse(file != null
                    ? new RandomAccessReadBufferedFile(file.toFile()) : new RandomAccessReadBuffer(bundledBytes()));
            return new OpenedFont(font, font);
        }
        TrueTypeCollection ttc = file != null ? new TrueTypeCollection(file.toFile())
                : new TrueTypeCollection(new java.io.ByteArrayInputStream(bundledBytes()));
        try {
            TrueTypeFont font = ttc.getFontByName(postScriptName);
            if (font == null) throw new IOException("the font collection has no face named " + postScriptName);
            return new OpenedFont(font, ttc);
        } catch (IOException | RuntimeException e) {
            ttc.close();
            throw e;
        }
    }

    private byte[] bundledBytes() {
        return BUNDLED_BYTES.computeIfAbsent(resource, name -> {
            try (InputStream in = FontFace.class.getResourceAsStream(name)) {
                if (in == null) throw new IOException("bundled font " + name + " is missing from the Inkstone jar; rebuild it");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** An opened face; closing releases the file. */
    public record OpenedFont(TrueTypeFont font, Closeable owner) implements Closeable {
        @Override
        public void close() throws IOException {
            owner.close();
        }
    }
}
