package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8StreamDecoderTest {

    @Test
    void should_hold_back_an_incomplete_character_until_it_is_complete() {
        byte[] emoji = "👩".getBytes(StandardCharsets.UTF_8); // F0 9F 91 A9
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.push(new byte[] {'a', emoji[0]})).isEqualTo("a");
        assertThat(d.hasPendingBytes()).isTrue();
        assertThat(d.push(new byte[] {emoji[1]})).isEmpty();
        assertThat(d.push(new byte[] {emoji[2]})).isEmpty();
        assertThat(d.push(new byte[] {emoji[3], 'b'})).isEqualTo("👩b");
        assertThat(d.hasPendingBytes()).isFalse();
        assertThat(d.flush()).isEmpty();
    }

    @Test
    void should_split_every_byte_of_long_text_and_still_give_it_back() {
        String text = "龘𠀀 mixed 中文 👩‍💻🇨🇳 end".repeat(20);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) out.append(d.push(new byte[] {b}));
        out.append(d.flush());
        assertThat(out.toString()).isEqualTo(text).doesNotContain("\uFFFD");
    }

    @Test
    void should_replace_invalid_bytes_like_a_whole_decode_and_an_unfinished_tail_only_at_the_end() {
        byte[] bytes = {'x', (byte) 0x80, 'y', (byte) 0xE4, (byte) 0xB8, 'z', (byte) 0xF0, (byte) 0x9F};
        String whole = new String(bytes, StandardCharsets.UTF_8);
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) out.append(d.push(Arrays.copyOfRange(bytes, i, i + 1)));
        assertThat(out.toString()).isEqualTo("x\uFFFDy\uFFFDz"); // the F0 9F tail may still be completed
        out.append(d.flush());
        assertThat(out.toString()).isEqualTo(whole);
        assertThat(d.push("ok".getBytes(StandardCharsets.UTF_8))).isEqualTo("ok"); // reusable after flush
    }
}
