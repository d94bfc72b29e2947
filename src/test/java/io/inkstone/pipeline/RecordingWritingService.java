package io.inkstone.pipeline;

import io.inkstone.brief.Brief;
import io.inkstone.brief.LengthUnit;
import io.inkstone.llm.Cancellation;
import io.inkstone.vault.GenerationSummary;
import io.inkstone.vault.NoteDraft;
import io.inkstone.vault.VaultWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double: files a fixed note through the real VaultWriter (no model) and records what it was asked to write. */
class RecordingWritingService implements WritingService {
    final VaultWriter vault;
    final List<String> written = new CopyOnWriteArrayList<>();

    RecordingWritingService(VaultWriter vault) {
        this.vault = vault;
    }

    @Override
    public Written write(Brief brief, Path checkpointFile, Cancellation cancellation) throws Exception {
        GenerationSummary summary = new GenerationSummary("test double", brief.length(), 3, LengthUnit.WORDS, List.of(), 3, Duration.ofMillis(10));
        var note = vault.write(new NoteDraft(brief, "# " + brief.title() + "\n\nThree words here.\n", summary, ZonedDateTime.now(), List.of()));
        written.add(brief.title());
        return new Written(note, new WritingStats(3, 300, Duration.ZERO, Duration.ofMillis(10)));
    }
}
