package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsIndexTest {

    @TempDir
    Path tmp;

    /** A safetensors file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private Path file(String headerJson, int dataBytes) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path f = tmp.resolve("model.safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void should_read_a_valid_header_with_absolute_offsets() throws IOException {
        String header = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]},\"__metadata__\":{\"format\":\"pt\"}}";
        Path f = file(header, 20);
        SafetensorsIndex index = SafetensorsIndex.open(tmp);
        long headerEnd = 8 + header.getBytes(StandardCharsets.UTF_8).length;
        assertThat(index.get("a")).isEqualTo(new TensorInfo("a", "BF16", new long[] {2, 3}, f, headerEnd, 12));
        assertThat(index.get("b").dataOffset()).isEqualTo(headerEnd + 12);
        assertThat(index.get("b").bytesPerElement()).isEqualTo(4);
        assertThat(index.totalDataBytes()).isEqualTo(20);
        assertThat(index.dtypes()).containsExactly("BF16", "F32");
        assertThatThrownBy(() -> index.get("c")).isInstanceOf(ModelLoadException.class).hasMessageContaining("no tensor c");
    }

    @Test
    void should_reject_a_header_length_larger_than_the_file() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(5000).put("{\"a\":1}   ".getBytes(StandardCharsets.UTF_8));
        Files.write(tmp.resolve("model.safetensors"), b.array());
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("corrupt safetensors file").hasMessageContaining("5000 bytes but the file has only 18");
    }

    @Test
    void should_reject_an_absurd_header_length_and_a_tiny_file() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(-1L).putLong(0);
        Files.write(tmp.resolve("model.safetensors"), b.array());
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("header length field says 18446744073709551615");
        Files.write(tmp.resolve("model.safetensors"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("fewer than the 8-byte header length");
    }

    @Test
    void should_reject_bad_json() throws IOException {
        file("{\"a\":{\"dtype\":\"BF16\",", 0);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).isInstanceOf(ModelLoadException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void should_reject_offsets_beyond_the_end_of_the_file() throws IOException {
        file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]}}", 6);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("ends at data byte 8 but the file holds only 6")
                .hasMessageContaining("truncated");
    }

    @Test
    void should_reject_a_dtype_shape_mismatch() throws IOException {
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 16);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("F32[4] = 16 bytes, but its data_offsets span 8 bytes");
    }

    @Test
    void should_reject_overlapping_tensors_and_unknown_dtypes() throws IOException {
        file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[6,14]}}", 14);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("tensors a and b overlap");
        file("{\"a\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,2]}}", 2);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("unknown dtype Q4");
        file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[4]}}", 8);
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("needs \"dtype\", \"shape\" and \"data_offsets\"");
    }

    @Test
    void should_say_what_is_missing_in_an_empty_or_absent_folder() {
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp)).hasMessageContaining("no weights in " + tmp)
                .hasMessageContaining("model.safetensors.index.json");
        assertThatThrownBy(() -> SafetensorsIndex.open(tmp.resolve("nope"))).hasMessageContaining("does not exist");
    }

    @Test
    void should_name_the_missing_shard_of_a_sharded_checkpoint() throws Exception {
        SyntheticQwen3.Spec spec = SyntheticQwen3.Preset.TINY.spec(1, 0.125f);
        Path model = tmp.resolve("m");
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE,
                SyntheticQwen3.WriteOptions.defaults().withMaxShardBytes(19_000_000L));
        assertThat(SafetensorsIndex.open(model).files()).hasSize(2);
        Files.delete(model.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> SafetensorsIndex.open(model)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("lacks 1 of the 2 shards").hasMessageContaining("model-00002-of-00002.safetensors");
    }

    @Test
    void should_detect_an_index_that_points_at_the_wrong_shard() throws Exception {
        SyntheticQwen3.Spec spec = SyntheticQwen3.Preset.TINY.spec(1, 0.125f);
        Path model = tmp.resolve("m");
        SyntheticQwen3.writeModelFolder(spec, model, SyntheticQwen3.ProgressListener.NONE,
                SyntheticQwen3.WriteOptions.defaults().withMaxShardBytes(19_000_000L));
        Path index = model.resolve(SafetensorsIndex.INDEX_FILE);
        Files.writeString(index, Files.readString(index).replace(
                "\"model.norm.weight\" : \"model-00002-of-00002.safetensors\"", "\"model.norm.weight\" : \"model-00001-of-00002.safetensors\""));
        assertThatThrownBy(() -> SafetensorsIndex.open(model)).hasMessageContaining("says model.norm.weight is in model-00001-of-00002");
    }
}
