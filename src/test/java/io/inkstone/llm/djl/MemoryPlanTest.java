package io.inkstone.llm.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.llm.ModelLoadException;
import io.inkstone.llm.qwen3.Qwen3Config;
import io.inkstone.llm.qwen3.SyntheticQwen3;
import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    private static final Qwen3Config QWEN3_4B = SyntheticQwen3.Preset.QWEN3_4B.spec(1, 0.125f).toConfig();
    private static final long GIB = 1L << 30;

    @Test
    void should_count_the_weights_in_the_compute_dtype_and_the_kv_cache() {
        MemoryPlan plan = MemoryPlan.of(QWEN3_4B, Dtype.BF16, 8192, 1);
        assertThat(plan.weightBytes()).isEqualTo(QWEN3_4B.parameterCount() * 2); // 8.0 GB
        assertThat(MemoryPlan.of(QWEN3_4B, Dtype.F32, 8192, 1).weightBytes()).isEqualTo(QWEN3_4B.parameterCount() * 4);
        assertThat(plan.kvCacheBytes()).isEqualTo(36L * 2 * 8 * 128 * 8192 * 2); // 1.2 GB
        assertThat(MemoryPlan.of(QWEN3_4B, Dtype.F32, 8192, 1).kvCacheBytes()).isEqualTo(2 * plan.kvCacheBytes());
        assertThat(MemoryPlan.of(QWEN3_4B, Dtype.BF16, 8192, 4).kvCacheBytes()).isEqualTo(4 * plan.kvCacheBytes());
    }

    @Test
    void should_refuse_what_does_not_fit_and_say_which_context_would() {
        MemoryPlan plan = MemoryPlan.of(QWEN3_4B, Dtype.BF16, 262144, 1); // 36 GiB of KV cache
        assertThatCode(() -> plan.check(100 * GIB, Dtype.BF16, 262144, "qwen3-4b")).doesNotThrowAnyException();
        assertThatThrownBy(() -> plan.check(16 * GIB, Dtype.BF16, 262144, "qwen3-4b"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not enough memory for qwen3-4b in bf16 with a context of 262144 tokens")
                .hasMessageMatching("(?s).*--context \\d+ fits.*")
                .hasMessageContaining("close other programs");
        MemoryPlan exact = MemoryPlan.of(QWEN3_4B, Dtype.F32, 8192, 1);
        assertThatThrownBy(() -> exact.check(16 * GIB, Dtype.F32, 8192, "qwen3-4b")).hasMessageContaining("--dtype int4");
    }
}
