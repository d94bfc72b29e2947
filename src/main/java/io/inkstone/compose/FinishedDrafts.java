package io.inkstone.compose;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.inkstone.brief.Brief;
import io.inkstone.brief.Length;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finished pieces kept on disk when something after composing failed (export, filing in the vault), so that
 * finished writing is never lost: the same brief dropped in again is filed from the kept piece without asking the
 * model again. A piece belongs to one version of one brief (the hash {@link Checkpoint} uses: everything in the brief
 * that shapes the text); a changed brief is written anew.
 */
public final class FinishedDrafts {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The stored form (a Duration as milliseconds, so no extra Jackson module is needed). */
    private record Stored(int version, String briefId, String briefHash, String title, String markdown, Length target,
                          int achievedLength, List<PartReport> parts, int totalGeneratedTokens, long tookMillis,
                          String modelName) {}

    private final Path folder;

    /** @param folder where pieces are kept (created when the first one is saved) */
    public FinishedDrafts(Path folder) {
        this.folder = folder;
    }

    /** The file that holds the finished piece for this version of the brief. */
    public Path fileFor(Brief brief) {
        return folder.resolve(Checkpoint.hashOf(brief) + ".json");
    }

    /** Keeps a finished piece (atomically: a temporary file, then a rename). */
    public Path save(Brief brief, ComposedPiece piece) throws IOException {
        Path target = fileFor(brief);
        Files.createDirectories(folder);
        Stored stored = new Stored(1, brief.id(), Checkpoint.hashOf(brief), piece.title(), piece.markdown(), piece.target(),
                piece.achievedLength(), piece.parts(), piece.totalGeneratedTokens(), piece.took().toMillis(), piece.modelName());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, JSON.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8));
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** The kept piece for this version of the brief, if any (an unreadable or foreign file counts as none). */
    public Optional<ComposedPiece> load(Brief brief) {
        Path file = fileFor(brief);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            if (!Checkpoint.hashOf(brief).equals(stored.briefHash()) || stored.markdown() == null) return Optional.empty();
            return Optional.of(new ComposedPiece(stored.title(), stored.markdown(), stored.target(), stored.achievedLength(),
                    stored.parts() == null ? List.of() : stored.parts(), stored.totalGeneratedTokens(),
                    Duration.ofMillis(stored.tookMillis()), stored.modelName()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Forgets the kept piece once its note is filed. */
    public void remove(Brief brief) throws IOException {
        Files.deleteIfExists(fileFor(brief));
    }
}
