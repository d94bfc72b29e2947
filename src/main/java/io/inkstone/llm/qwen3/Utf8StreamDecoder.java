package io.inkstone.llm.qwen3;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of streamed tokens into text without ever splitting a character: a byte-level BPE token
 * may end in the middle of a UTF-8 sequence (emoji, rare Chinese characters), so the incomplete tail is
 * held back until the next token completes it. Bytes that can never form a character are replaced by
 * U+FFFD exactly as a whole-sequence decode would replace them; a tail still incomplete at the end becomes
 * U+FFFD only in {@link #flush()}. Not thread-safe: one decoder per stream.
 */
public final class Utf8StreamDecoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(64); // in write mode: bytes not yet decoded

    /** Adds {@code bytes} and returns the characters that are now complete ("" when none). */
    public String push(byte[] bytes) {
        if (bytes.length == 0) return "";
        ensureRoom(bytes.length);
        pending.put(bytes);
        return decode(false);
    }

    /** Ends the stream: returns what is left, an incomplete tail as U+FFFD. The decoder can then be reused. */
    public String flush() {
        String out = decode(true);
        CharBuffer rest = CharBuffer.allocate(4);
        decoder.flush(rest);
        decoder.reset();
        return out + rest.flip();
    }

    /** True when bytes of an incomplete character are held back. */
    public boolean hasPendingBytes() {
        return pending.position() > 0;
    }

    private String decode(boolean endOfInput) {
        pending.flip();
        CharBuffer out = CharBuffer.allocate(pending.remaining() + 4);
        CoderResult result = decoder.decode(pending, out, endOfInput);
        if (result.isOverflow()) throw new IllegalStateException("UTF-8 decoding overflowed a buffer sized for its input");
        pending.compact();
        return out.flip().toString();
    }

    private void ensureRoom(int extra) {
        if (pending.remaining() >= extra) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + extra));
        pending.flip();
        bigger.put(pending);
        pending = bigger;
    }
}
