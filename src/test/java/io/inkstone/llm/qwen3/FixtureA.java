package io.inkstone.llm.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture A of the synthetic-qwen3 fixtures (a test resource), and a model folder generated from it. */
public final class FixtureA {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode fixture;

    private FixtureA() {}

    /** The whole fixture JSON. */
    public static synchronized JsonNode json() {
        if (fixture == null) {
            try (InputStream in = FixtureA.class.getResourceAsStream("/synthetic-qwen3/fixture-a.json")) {
                fixture = JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixture;
    }

    /** Writes fixture A's {@code config} object to {@code dir/fixture-a-config.json} and returns the path. */
    public static Path writeConfig(Path dir) throws IOException {
        Path file = dir.resolve("fixture-a-config.json");
        Files.writeString(file, json().get("config").toPrettyString());
        return file;
    }

    /** Generates fixture A's model folder into {@code dir/model} (single file, the normal writer). */
    public static Path writeModel(Path dir) throws IOException {
        Path model = dir.resolve("model");
        SyntheticQwen3.writeModelFolder(SyntheticQwen3.fromConfigJson(writeConfig(dir)), model, SyntheticQwen3.ProgressListener.NONE);
        return model;
    }
}
