package io.inkstone.compose;

import io.inkstone.io.AtomicFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefType;
import io.inkstone.brief.Example;
import io.inkstone.brief.GenerationOverrides;
import io.inkstone.brief.Length;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A long piece's progress on disk: the outline and every finished section, so that a crash or restart
 * resumes after the last finished section. It belongs to one version of one brief (a hash of everything in
 * the brief that shapes the text); a checkpoint for another version is ignored.
 *
 * @param version        file format version ({@value #FORMAT_VERSION})
 * @param briefId        the brief's id, for people reading the file
 * @param briefHash      SHA-256 of the brief's content (see {@link #hashOf(Brief)})
 * @param outline        the section headings in use
 * @param outlineReports how the outline was generated (empty when the brief gave it)
 * @param sections       finished sections, in the order they finished
 */
record Checkpoint(
        int version,
        String briefId,
        String briefHash,
        List<String> outline,
        List<PartReport> outlineReports,
        List<FinishedSection> sections) {

    static final int FORMAT_VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One finished section.
     *
     * @param index   0-based position in the outline
     * @param heading its heading
     * @param text    its cleaned body (without the heading line)
     * @param report  how it was generated
     */
    record FinishedSection(int index, String heading, String text, PartReport report) {}

    Checkpoint {
        outline = List.copyOf(outline);
        outlineReports = List.copyOf(outlineReports);
        sections = List.copyOf(sections);
    }

    /** A checkpoint with nothing finished yet. */
    static Checkpoint start(Brief brief, List<String> outline, List<PartReport> outlineReports) {
        return new Checkpoint(FORMAT_VERSION, brief.id(), hashOf(brief), outline, outlineReports, List.of());
    }

    /** This checkpoint plus one more finished section. */
    Checkpoint with(FinishedSection section) {
        List<FinishedSection> more = new ArrayList<>(sections);
        more.add(section);
        return new Checkpoint(version, briefId, briefHash, outline, outlineReports, more);
    }

    /** The parts of the brief that shape the text; vault, export and schedule settings do not. */
    private record BriefContent(
            String title, BriefType type, String language, String role, String task, List<String> requirements,
            String audience, String tone, String style, Length length, List<Example> examples, List<String> outline,
            boolean autoOutline, String template, GenerationOverrides generation) {}

    static String hashOf(Brief brief) {
        BriefContent content = new BriefContent(brief.title(), brief.type(), brief.language(), brief.role(), brief.task(),
                brief.requirements(), brief.audience(), brief.tone(), brief.style(), brief.length(), brief.examples(),
                brief.outline(), brief.autoOutline(), brief.template(), brief.generation());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(content));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the brief: " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint file. */
    static Checkpoint read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Checkpoint.class);
    }

    /** Writes the checkpoint atomically: a temporary file beside it, then a rename over the old one. */
    void write(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            AtomicFiles.replace(target, JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save progress to " + target + ": " + e.getMessage(), e);
        }
    }
}
