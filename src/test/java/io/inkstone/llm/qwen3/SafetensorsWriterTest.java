package io.inkstone.llm.qwen3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors writer, read back through the reader beside it. */
class SafetensorsWriterTest {

    @TempDir
    Path folder;

    /** Element j of a tensor is the bf16 pattern j + (index of the tensor's first letter), so blocks are checkable. */
    private static ByteBuffer counting(Qwen3Config.ExpectedTensor tensor, long first, int count) {
        ByteBuffer out = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) out.putShort((short) (first + i + tensor.name().charAt(0)));
        return out.flip();
    }

    @Test
    void should_plan_shards_in_order_and_write_tensors_the_reader_finds_element_for_element() throws Exception {
        List<Qwen3Config.ExpectedTensor> tensors = List.of(
                new Qwen3Config.ExpectedTensor("a.weight", new long[] {3, 5}, false),
                new Qwen3Config.ExpectedTensor("b.weight", new long[] {7}, true),
                new Qwen3Config.ExpectedTensor("c.weight", new long[] {2, 2}, false));
        List<SafetensorsWriter.Shard> shards = SafetensorsWriter.plan(tensors, 40); // 30 + 14 bytes > 40: two shards
        assertThat(shards).extracting(SafetensorsWriter.Shard::fileName)
                .containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        assertThat(shards.get(1).tensors()).extracting(Qwen3Config.ExpectedTensor::name).containsExactly("b.weight", "c.weight");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Long> progress = new ArrayList<>();
        try {
            long[] done = {0};
            for (SafetensorsWriter.Shard shard : shards) {
                SafetensorsWriter.write(shard, folder.resolve(shard.fileName()), SafetensorsWriterTest::counting, 4, pool, 2,
                        done, 52, (written, total) -> progress.add(written));
            }
        } finally {
            pool.shutdownNow();
        }
        java.nio.file.Files.write(folder.resolve(SafetensorsIndex.INDEX_FILE), SafetensorsWriter.indexJson(shards));

        SafetensorsIndex index = SafetensorsIndex.open(folder);
        assertThat(index.tensors().keySet()).containsExactlyInAnyOrder("a.weight", "b.weight", "c.weight");
        assertThat(index.get("a.weight").shape()).containsExactly(3, 5);
        assertThat(index.totalDataBytes()).isEqualTo(52);
        assertThat(progress).isSorted().last().isEqualTo(52L);
        for (Qwen3Config.ExpectedTensor t : tensors) {
            MappedByteBuffer data = index.map(t.name());
            data.order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < t.numel(); j++) {
                assertThat(data.getShort(2 * j)).as(t.name() + "[" + j + "]").isEqualTo((short) (j + t.name().charAt(0)));
            }
        }
    }

    @Test
    void should_pad_the_header_with_spaces_to_a_multiple_of_eight_bytes() {
        byte[] header = SafetensorsWriter.header(List.of(new Qwen3Config.ExpectedTensor("x", new long[] {1}, false)), new long[] {0});
        assertThat(header.length % 8).isZero();
        assertThat(new String(header, java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"x\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]},\"__metadata__\":{\"format\":\"pt\"}}");
    }
}
