package io.inkstone.llm.qwen3;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The Qwen3 tokenizer of a model folder ({@code tokenizer.json}): byte-level BPE through DJL's Hugging Face
 * tokenizers binding, built with no special tokens added, no truncation and no padding. Special tokens written
 * in the text ({@code <|im_start|>}) are parsed as such. For streaming, {@link #tokenBytes(int)} gives the raw
 * bytes of each token (a table built once from the vocabulary with the GPT-2 byte-to-unicode mapping), to be
 * fed through a {@link Utf8StreamDecoder}.
 */
public final class Qwen3Tokenizer implements AutoCloseable {

    /** The tokenizer file in a model folder. */
    public static final String FILE_NAME = "tokenizer.json";

    private static final byte[] NO_BYTES = new byte[0];

    private final HuggingFaceTokenizer tokenizer;
    private final byte[][] bytesById; // [tokens] raw bytes of every token id (empty for unused ids)
    private final BitSet special;     // ids of added tokens marked "special" (skipped by decode(..., true))
    private final Map<String, Integer> idByToken;

    private Qwen3Tokenizer(HuggingFaceTokenizer tokenizer, byte[][] bytesById, BitSet special, Map<String, Integer> idByToken) {
        this.tokenizer = tokenizer;
        this.bytesById = bytesById;
        this.special = special;
        this.idByToken = idByToken;
    }

    /**
     * Loads {@code modelDir/tokenizer.json}.
     *
     * @throws ModelLoadException when the file is missing or not a byte-level BPE tokenizer
     */
    public static Qwen3Tokenizer load(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("no " + FILE_NAME + " in " + modelDir + ": copy tokenizer.json and tokenizer_config.json of the "
                    + "checkpoint into the model folder");
        }
        Vocabulary vocabulary;
        try (InputStream in = Files.newInputStream(file)) {
            vocabulary = Vocabulary.read(in, file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + " (" + e.getMessage() + "): download it again", e);
        }
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("the Hugging Face tokenizer cannot load " + file + ": " + e.getMessage(), e);
        }
        return new Qwen3Tokenizer(tokenizer, vocabulary.bytesById, vocabulary.special, vocabulary.idByToken);
    }

    /** Token ids of {@code text}: special tokens in it are parsed, nothing (no BOS) is added. */
    public int[] encode(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    /**
     * The text of {@code ids}. Ids the tokenizer does not know (the embedding's padding rows) give no text.
     *
     * @param skipSpecialTokens leave out special tokens such as {@code <|im_end|>} (not {@code <think>}, which is ordinary)
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] known = Arrays.stream(ids).filter(id -> id >= 0 && id < bytesById.length && bytesById[id].length > 0)
                .asLongStream().toArray();
        return tokenizer.decode(known, skipSpecialTokens);
    }

    /**
     * The raw bytes of one token: UTF-8 fragments for byte-level tokens (possibly part of a character), the
     * UTF-8 text of an added token ({@code <|im_end|>}), and an empty array for ids past the vocabulary.
     * The returned array must not be modified.
     */
    public byte[] tokenBytes(int id) {
        return id >= 0 && id < bytesById.length ? bytesById[id] : NO_BYTES;
    }

    /** The id of a token given as it appears in the vocabulary ({@code "<|im_end|>"}, {@code "Ġthe"}). */
    public OptionalInt tokenId(String token) {
        Integer id = idByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** True for added tokens marked special ({@code <|im_start|>}, {@code <|im_end|>}, {@code <|endoftext|>}, ...). */
    public boolean isSpecial(int id) {
        return id >= 0 && special.get(id);
    }

    /** One past the largest token id (151669 for Qwen3; the model's embedding may have more rows). */
    public int size() {
        return bytesById.length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** The id → bytes table read from tokenizer.json with a streaming parser (the merges are skipped). */
    private record Vocabulary(byte[][] bytesById, BitSet special, Map<String, Integer> idByToken) {

        static Vocabulary read(InputStream in, Path file) throws IOException {
            Map<String, Integer> idByToken = new HashMap<>(400_000);
            Map<Integer, byte[]> bytes = new HashMap<>(400_000);
            BitSet special = new BitSet();
            int[] byteOfChar = byteLevelDecoding();
            boolean sawModel = false;
            try (JsonParser p = new JsonFactory().createParser(in)) {
                expect(p.nextToken(), JsonToken.START_OBJECT, file);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("model") && p.currentToken() == JsonToken.START_OBJECT) {
                        sawModel = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            JsonToken value = p.nextToken();
                            if (key.equals("type") && !"BPE".equals(p.getText())) {
                                throw new ModelLoadException(file + " is a " + p.getText() + " tokenizer; Qwen3 uses byte-level BPE");
                            } else if (key.equals("vocab") && value == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String token = p.currentName();
                                    p.nextToken();
                                    int id = p.getIntValue();
                                    idByToken.put(token, id);
                                    bytes.put(id, byteLevelBytes(token, byteOfChar));
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else if (field.equals("added_tokens") && p.currentToken() == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            Integer id = null;
                            String content = null;
                            boolean isSpecial = false;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String key = p.currentName();
                                p.nextToken();
                                switch (key) {
                                    case "id" -> id = p.getIntValue();
                                    case "content" -> content = p.getText();
                                    case "special" -> isSpecial = p.getBooleanValue();
                                    default -> p.skipChildren();
                                }
                            }
                            if (id == null || content == null) throw new ModelLoadException(file + ": an added token lacks its id or content");
                            idByToken.put(content, id);
                            bytes.put(id, content.getBytes(StandardCharsets.UTF_8));
                            if (isSpecial) special.set(id);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (!sawModel || bytes.isEmpty()) throw new ModelLoadException(file + " has no \"model\" vocabulary: it is not a tokenizer.json");
            int size = bytes.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            byte[][] table = new byte[size][];
            Arrays.fill(table, NO_BYTES);
            bytes.forEach((id, b) -> table[id] = b);
            return new Vocabulary(table, special, Map.copyOf(idByToken));
        }

        private static void expect(JsonToken actual, JsonToken expected, Path file) {
            if (actual != expected) throw new ModelLoadException(file + " is not a JSON object: it is not a tokenizer.json");
        }

        /** The bytes a byte-level token string stands for (each of its characters is one byte). */
        private static byte[] byteLevelBytes(String token, int[] byteOfChar) {
            byte[] out = new byte[token.length()];
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c >= byteOfChar.length || byteOfChar[c] < 0) return token.getBytes(StandardCharsets.UTF_8); // not byte-level text
                out[i] = (byte) byteOfChar[c];
            }
            return out;
        }

        /**
         * The inverse of GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the other
         * 68 bytes were mapped to U+0100.. in byte order. Index = char, value = byte (or -1).
         */
        private static int[] byteLevelDecoding() {
            int[] byteOfChar = new int[256 + 68];
            Arrays.fill(byteOfChar, -1);
            int next = 256;
            for (int b = 0; b < 256; b++) {
                boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                byteOfChar[printable ? b : next++] = b;
            }
            return byteOfChar;
        }
    }
}
