package io.inkstone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.pipeline.TinyModel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

    @TempDir Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void checksTheMachineAndTheModelAndMeasuresSpeed() {
        CliRun r = run("doctor", "--model", TinyModel.folder().toString(), "--speed-tokens", "4");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("java:").contains("memory:").contains("cores:").contains("cpu features:")
                .contains("disk (desk):").contains("CJK font:").contains("export PDF:")
                .contains("complete").contains("SYNTHETIC")
                .contains("memory bf16:").contains("memory f32:").contains("memory int8:")
                .containsPattern("4 tokens decoded at [0-9.]+ tokens/s")
                .contains("verdict:");
    }

    @Test
    void aMissingModelIsAProblemWithWhatToDo() {
        CliRun r = run("doctor", "--model", tmp.resolve("nothing").toString(), "--no-speed");
        assertThat(r.code()).isEqualTo(ExitCode.MODEL_ERROR.code());
        assertThat(r.out()).contains("verdict: NOT READY").contains("problem: model:");
    }

    @Test
    void readsCpuFeaturesFromCpuinfoFlags() throws Exception {
        Path cpuinfo = tmp.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse2 avx2 fma avx512f avx512_bf16 amx_tile amx_bf16\n");
        assertThat(DoctorCommand.cpuFeatures(cpuinfo)).containsExactly("AVX2", "FMA", "AVX-512", "AVX-512-BF16", "AMX", "AMX-BF16");
        Files.writeString(cpuinfo, "flags\t\t: fpu sse2 avx2\n");
        assertThat(DoctorCommand.describeFeatures(DoctorCommand.cpuFeatures(cpuinfo))).contains("AVX2").contains("no AVX-512").contains("no AMX");
    }

    @Test
    void printsABashCompletionScript() {
        CliRun r = run("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("doctor").contains("pull").contains("--revision");
    }
}
