package io.inkstone.brief;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The checks made on a brief's raw bytes before any YAML parsing: size limit, binary data, strict UTF-8, and
 * characters YAML does not allow. Either gives the decoded text or one located problem.
 */
final class SourceText {

    /** Largest brief accepted, in bytes (256 KiB). */
    static final int MAX_BYTES = 256 * 1024;

    /** The decoded text (BOM removed), or the problem that stopped decoding. Exactly one is non-null. */
    record Decoded(String text, BriefProblem problem) {}

    private SourceText() {}

    /** Reads at most {@link #MAX_BYTES} + 1 bytes of {@code file}; read failures become a problem at 1:1. */
    static Decoded read(Path file) {
        try {
            if (Files.isDirectory(file)) return failed(file, "cannot read the brief: it is a folder, not a file", null);
            long size = Files.size(file);
            if (size > MAX_BYTES) return tooLarge(file, size);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            return fromBytes(bytes, file);
        } catch (NoSuchFileException e) {
            return failed(file, "cannot read the brief: no such file", "check the path");
        } catch (AccessDeniedException e) {
            return failed(file, "cannot read the brief: permission denied", "check the file's permissions");
        } catch (IOException e) {
            return failed(file, "cannot read the brief: " + e.getMessage(), null);
        }
    }

    /** Checks and decodes raw bytes. */
    static Decoded fromBytes(byte[] bytes, Path file) {
        if (bytes.length > MAX_BYTES) return tooLarge(file, bytes.length);
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF) || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            return failed(file, "the file is UTF-16 text; a brief must be UTF-8", "save the file as UTF-8 (in most editors: Save As… > Encoding > UTF-8)");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int[] at = locateByte(bytes, start, i);
                return new Decoded(null, new BriefProblem(file, at[0], at[1],
                        "binary data (a NUL byte) in the file; a brief must be a UTF-8 text file", "is this the right file?"));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            int bad = in.position();
            int[] at = locateByte(bytes, start, bad);
            return new Decoded(null, new BriefProblem(file, at[0], at[1],
                    String.format("invalid UTF-8 (byte 0x%02X); a brief must be saved as UTF-8", bytes[bad] & 0xFF),
                    "the file is probably in another encoding such as GBK or Latin-1: re-save it as UTF-8"));
        }
        out.flip();
        return fromString(out.toString(), file);
    }

    /** Checks already-decoded text: size in UTF-8 bytes, NUL and other control characters. */
    static Decoded fromString(String text, Path file) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        long utf8Bytes = utf8Length(text);
        if (utf8Bytes > MAX_BYTES) return tooLarge(file, utf8Bytes);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                int[] at = locateChar(text, i);
                String message = cp == 0
                        ? "binary data (a NUL character) in the file; a brief must be a UTF-8 text file"
                        : String.format("control character U+%04X is not allowed in a brief", cp);
                return new Decoded(null, new BriefProblem(file, at[0], at[1], message,
                        cp == 0 ? "is this the right file?" : "delete it; it often comes from copying text out of another program"));
            }
            i += Character.charCount(cp);
        }
        return new Decoded(text, null);
    }

    /** YAML 1.2's printable set: tab, line breaks, and everything visible (no C0/C1 controls, no DEL, no U+FFFE/U+FFFF). */
    private static boolean allowed(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x85) return true;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return false;
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) return false;
        return cp != 0xFFFE && cp != 0xFFFF;
    }

    private static Decoded tooLarge(Path file, long size) {
        return failed(file, String.format("the file is %s; a brief may be at most %d KiB", kibibytes(size), MAX_BYTES / 1024),
                "a brief describes the piece; keep long source material out of it, or shorten the examples");
    }

    private static String kibibytes(long bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }

    private static Decoded failed(Path file, String message, String hint) {
        return new Decoded(null, new BriefProblem(file, 1, 1, message, hint));
    }

    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return n;
    }

    /** 1-based {line, column} of byte {@code offset}; the column counts the characters decoded before it on its line. */
    private static int[] locateByte(byte[] bytes, int start, int offset) {
        int lineStart = start;
        int line = 1;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new int[] {line, before.codePointCount(0, before.length()) + 1};
    }

    /** 1-based {line, column} of char index {@code index} in {@code text}; column counts code points. */
    static int[] locateChar(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, text.codePointCount(lineStart, index) + 1};
    }
}
