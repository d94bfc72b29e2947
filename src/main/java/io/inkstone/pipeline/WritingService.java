package io.inkstone.pipeline;

import io.inkstone.brief.Brief;
import io.inkstone.llm.Cancellation;
import io.inkstone.vault.WrittenNote;
import java.nio.file.Path;

/**
 * Writes one valid brief into the vault: composes it with the model (one brief at a time: the model is shared),
 * exports it and files the note. The routes and {@code inkstone write} call it.
 */
public interface WritingService {

    /**
     * @param brief          a valid brief
     * @param checkpointFile where composition progress is kept so a restart resumes from the last finished section;
     *                       null for no resume
     * @param cancellation   set when Inkstone shuts down
     * @return the note and what writing it cost
     * @throws WritingInterruptedException when cancelled before the note was written (no note is written then)
     */
    Written write(Brief brief, Path checkpointFile, Cancellation cancellation) throws Exception;

    /** A finished note. */
    record Written(WrittenNote note, WritingStats stats) {}
}
