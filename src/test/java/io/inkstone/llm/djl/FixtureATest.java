package io.inkstone.llm.djl;

import io.inkstone.llm.LoadProgress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.SamplingOptions;
import io.inkstone.llm.qwen3.FixtureA;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixture A (synthetic-qwen3 README): the model is generated from its seed, loaded through the normal Hugging
 * Face loader, and run by the README's protocol against llama.cpp's reference logits, in both precisions.
 */
class FixtureATest {

    private static final int STEPS = 32;

    @TempDir
    static Path dir;

    private static Path model;
    private static Qwen3Engine f32;
    private static Qwen3Engine bf16;

    /** One thread: tests share a busy machine, where two spinning OpenMP threads lose time to each other. */
    @BeforeAll
    static void load() throws Exception {
        model = FixtureA.writeModel(dir);
        f32 = Qwen3Engine.open(model, new EngineOptions(Dtype.F32, 64, 1), LoadProgress.NONE);
        bf16 = Qwen3Engine.open(model, new EngineOptions(Dtype.BF16, 64, 1), LoadProgress.NONE);
    }

    @AfterAll
    static void close() {
        if (f32 != null) f32.close();
        if (bf16 != null) bf16.close();
    }

    private static List<JsonNode> prompts() {
        List<JsonNode> out = new ArrayList<>();
        FixtureA.json().get("reference").get("prompts").forEach(out::add);
        assertThat(out).hasSize(3);
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    @Test
    void should_tokenize_the_prompts_as_the_reference_did() {
        for (JsonNode prompt : prompts()) {
            GenerationRequest raw = GenerationRequest.raw(prompt.get("text").asText(), SamplingOptions.greedy(1));
            assertThat(f32.promptIds(raw)).as(prompt.get("name").asText()).containsExactly(ints(prompt.get("promptTokenIds")));
        }
    }

    @Test
    void should_match_the_reference_in_f32_free_running() {
        double worst = 0;
        for (JsonNode prompt : prompts()) {
            String name = prompt.get("name").asText();
            int[] expected = ints(prompt.get("generatedTokenIds"));
            f32.stepper().reset();
            float[] logits = f32.stepper().prefill(ints(prompt.get("promptTokenIds")));
            for (int g = 0; g < STEPS; g++) {
                for (JsonNode top : prompt.get("steps").get(g).get("top5")) {
                    double diff = Math.abs(logits[top.get("id").asInt()] - top.get("logit").asDouble());
                    assertThat(diff).as("%s step %d id %d", name, g, top.get("id").asInt()).isLessThanOrEqualTo(1e-3);
                    worst = Math.max(worst, diff);
                }
                int next = argmax(logits);
                assertThat(next).as("%s greedy id at step %d", name, g).isEqualTo(expected[g]);
                if (g + 1 < STEPS) logits = f32.stepper().step(next);
            }
        }
        System.out.printf("fixture A f32: worst |Δlogit| %.2e%n", worst);
    }

    @Test
    void should_match_the_reference_in_bf16_teacher_forced() {
        double nearTie = FixtureA.json().get("tolerances").get("bf16").get("nearTieMargin").asDouble();
        double bound = FixtureA.json().get("tolerances").get("bf16").get("maxAbsLogitDiff").asDouble();
        double worst = 0;
        for (JsonNode prompt : prompts()) {
            String name = prompt.get("name").asText();
            int[] forced = ints(prompt.get("generatedTokenIds"));
            bf16.stepper().reset();
            float[] logits = bf16.stepper().prefill(ints(prompt.get("promptTokenIds")));
            for (int g = 0; g < STEPS; g++) {
                JsonNode step = prompt.get("steps").get(g);
                JsonNode top5 = step.get("top5");
                for (JsonNode top : top5) {
                    double diff = Math.abs(logits[top.get("id").asInt()] - top.get("logit").asDouble());
                    assertThat(diff).as("%s step %d id %d", name, g, top.get("id").asInt()).isLessThanOrEqualTo(bound);
                    worst = Math.max(worst, diff);
                }
                if (g < 8) {
                    int mine = argmax(logits);
                    List<Integer> accepted = new ArrayList<>(List.of(top5.get(0).get("id").asInt()));
                    if (step.get("margin").asDouble() < nearTie) {
                        for (JsonNode top : top5) {
                            if (top5.get(0).get("logit").asDouble() - top.get("logit").asDouble() <= nearTie) accepted.add(top.get("id").asInt());
                        }
                    }
                    assertThat(accepted).as("%s top-1 at step %d", name, g).contains(mine);
                }
                if (g + 1 < STEPS) logits = bf16.stepper().step(forced[g]);
            }
        }
        System.out.printf("fixture A bf16: worst |Δlogit| %.2e%n", worst);
    }

    @ParameterizedTest(name = "header padded to 8 bytes: {0}")
    @ValueSource(booleans = {true, false})
    void should_give_the_same_logits_when_the_tensors_are_stored_in_name_order(boolean padded) throws Exception {
        // Hugging Face writes tensors sorted by name, so q/k/v are not back to back and are fused by copying;
        // without padding, the data of every tensor is misaligned and is copied out of the memory map
        Path sorted = dir.resolve("sorted-" + padded);
        Files.createDirectories(sorted);
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("model.safetensors")) Files.copy(f, sorted.resolve(f.getFileName()));
            }
        }
        writeSortedByName(model.resolve("model.safetensors"), sorted.resolve("model.safetensors"), padded);
        int[] ids = ints(prompts().get(2).get("promptTokenIds"));
        bf16.stepper().reset();
        float[] expected = bf16.stepper().prefill(ids);
        try (Qwen3Engine reordered = Qwen3Engine.open(sorted, new EngineOptions(Dtype.BF16, 64, 1), LoadProgress.NONE)) {
            assertThat(reordered.stepper().prefill(ids)).containsExactly(expected);
        }
    }

    /** Rewrites a safetensors file with its tensors in name order, the header padded with spaces to 8 bytes or not. */
    private static void writeSortedByName(Path source, Path target, boolean padded) throws Exception {
        ObjectMapper json = new ObjectMapper();
        byte[] bytes = Files.readAllBytes(source);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = json.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        header.fieldNames().forEachRemaining(n -> { if (!n.equals("__metadata__")) names.add(n); });
        Collections.sort(names);
        ObjectNode out = json.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String name : names) {
            JsonNode entry = header.get(name);
            int start = (int) (8 + headerLength + entry.get("data_offsets").get(0).asLong());
            int end = (int) (8 + headerLength + entry.get("data_offsets").get(1).asLong());
            ObjectNode copy = out.putObject(name);
            copy.set("dtype", entry.get("dtype"));
            copy.set("shape", entry.get("shape"));
            copy.putArray("data_offsets").add(data.size()).add(data.size() + end - start);
            data.write(bytes, start, end - start);
        }
        byte[] newHeader = json.writeValueAsBytes(out);
        if (padded) newHeader = (new String(newHeader, StandardCharsets.UTF_8) + " ".repeat((8 - newHeader.length % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        else if (newHeader.length % 2 == 0) newHeader = (new String(newHeader, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(newHeader.length);
        try (var stream = Files.newOutputStream(target)) {
            stream.write(length.array());
            stream.write(newHeader);
            data.writeTo(stream);
        }
    }

    @Test
    void should_generate_the_reference_ids_through_the_generator_api() {
        JsonNode prompt = prompts().get(1);
        SamplingOptions greedy = new SamplingOptions(0, 0, 1, 0, 1, 0, STEPS, 0, List.of(), true); // greedy, EOS ignored
        var result = f32.generate(GenerationRequest.raw(prompt.get("text").asText(), greedy));
        assertThat(result.generatedIds()).containsExactlyElementsOf(
                java.util.Arrays.stream(ints(prompt.get("generatedTokenIds"))).boxed().toList());
        assertThat(result.promptTokens()).isEqualTo(prompt.get("promptTokenIds").size());
    }
}
