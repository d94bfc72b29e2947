package io.inkstone.pipeline;

import java.nio.file.Path;

/**
 * The folders Inkstone keeps inside the inbox.
 *
 * @param inbox      where users drop briefs (queued)
 * @param inProgress {@code in-progress/<claim>/<name>}: briefs being written; resumed after a restart
 * @param archive    {@code archive/YYYY/MM/<name>}: finished briefs
 * @param failed     {@code failed/<name>} with {@code <name>.error.md}
 * @param schedules  briefs with a schedule, registered as recurring jobs
 * @param state      {@code .inkstone/}: ledger, checkpoints, the run lock (hidden; users need not look)
 */
public record InboxFolders(Path inbox, Path inProgress, Path archive, Path failed, Path schedules, Path state) {

    public static InboxFolders of(Path inbox) {
        Path root = inbox.toAbsolutePath().normalize();
        return new InboxFolders(root, root.resolve("in-progress"), root.resolve("archive"), root.resolve("failed"),
                root.resolve("schedules"), root.resolve(".inkstone"));
    }

    public Path ledger() { return state.resolve("ledger.jsonl"); }

    public Path checkpoint(String claimId) { return state.resolve("checkpoints").resolve(claimId + ".json"); }

    /** Finished pieces kept after a failure past composing, so a re-dropped brief is filed without regenerating. */
    public Path drafts() { return state.resolve("drafts"); }

    public Path runLock() { return state.resolve("run.lock"); }
}
