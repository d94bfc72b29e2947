package io.inkstone.pipeline;

import io.inkstone.io.AtomicFiles;
import io.inkstone.vault.NoOverwriteFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Moves brief files between the inbox's folders. A user's file is only ever moved, never modified, and never
 * replaces another file (a taken name gets " (2)", " (3)", ...).
 */
final class Inbox {

    private static final DateTimeFormatter CLAIM_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter ARCHIVE_MONTH = DateTimeFormatter.ofPattern("yyyy/MM");

    private final InboxFolders folders;
    private final Clock clock;
    /** The last claim handed out: a claim id is never reused, even after its folder was archived and removed. */
    private String lastClaimTime = "";
    private int lastClaimSequence;

    Inbox(InboxFolders folders, Clock clock) {
        this.folders = folders;
        this.clock = clock;
    }

    InboxFolders folders() { return folders; }

    /** True for a brief file name: *.yaml or *.yml, not hidden. */
    static boolean isBriefName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml"));
    }

    /**
     * Moves a queued brief to {@code in-progress/<claim>/<name>}; the claim id (time + sequence) is unique and sorts
     * in claim order. Returns the new path.
     */
    Path claim(Path queued) throws IOException {
        if (Files.isSymbolicLink(queued)) {
            // never followed: the report says nothing about what the link points to
            throw new StageException(Stage.CLAIM, "this brief is a symbolic link; Inkstone reads only regular files "
                    + "dropped into the inbox (copy the file itself into the inbox)", null);
        }
        if (!Files.isRegularFile(queued, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new StageException(Stage.CLAIM, "this is not a regular file; drop brief files (.yaml) into the inbox", null);
        }
        Files.createDirectories(folders.inProgress());
        String time = CLAIM_TIME.format(LocalDateTime.now(clock));
        int first;
        synchronized (this) {
            // claims are keys (ledger, broker idempotency): a brief claimed in the same second as one already archived
            // (whose folder is gone) must not get its id again
            first = time.equals(lastClaimTime) ? lastClaimSequence + 1 : 1;
        }
        for (int sequence = first; ; sequence++) {
            Path dir = folders.inProgress().resolve(time + "-" + String.format(Locale.ROOT, "%03d", sequence));
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            synchronized (this) {
                if (!time.equals(lastClaimTime) || sequence > lastClaimSequence) {
                    lastClaimTime = time;
                    lastClaimSequence = sequence;
                }
            }
            try {
                return Files.move(queued, dir.resolve(queued.getFileName()));
            } catch (IOException e) {
                Files.deleteIfExists(dir);
                throw e;
            }
        }
    }

    /** The claim id of a file in {@code in-progress/<claim>/}. */
    static String claimOf(Path claimed) {
        return claimed.getParent().getFileName().toString();
    }

    /** Briefs left in in-progress/ (by a stop or a crash), oldest claim first; empty claim folders are removed. */
    List<Path> inProgress() throws IOException {
        List<Path> briefs = new ArrayList<>();
        if (Files.notExists(folders.inProgress())) return briefs;
        try (Stream<Path> claims = Files.list(folders.inProgress())) {
            for (Path dir : claims.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> inside = files.filter(p -> Files.isRegularFile(p) && isBriefName(p.getFileName().toString())).toList();
                    if (inside.isEmpty()) deleteIfEmpty(dir);
                    else briefs.addAll(inside);
                }
            }
        }
        return briefs;
    }

    /**
     * Moves a brief to {@code archive/YYYY/MM/} (a finished one from its claim folder, which is then removed, or a
     * replaced schedule from schedules/). Returns the new path.
     */
    Path archive(Path brief) throws IOException {
        Path month = folders.archive().resolve(ARCHIVE_MONTH.format(LocalDateTime.now(clock)));
        Path archived = NoOverwriteFiles.moveNew(brief, month);
        if (isClaimed(brief)) deleteIfEmpty(brief.getParent());
        return archived;
    }

    /** True for a file in {@code in-progress/<claim>/}. */
    boolean isClaimed(Path file) {
        return file.getParent() != null && folders.inProgress().equals(file.getParent().getParent());
    }

    /**
     * Moves a failed brief to {@code failed/NAME} with {@code failed/NAME.error.md} (without the brief's extension)
     * beside it; both names get the same " (n)" suffix when taken. Returns the brief's new path.
     *
     * @param report makes the report's text, given the brief's new path
     */
    Path fail(Path brief, Function<Path, String> report) throws IOException {
        Files.createDirectories(folders.failed());
        String name = brief.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot + 1) : "";
        boolean claimed = isClaimed(brief);
        for (int n = 1; n <= 9999; n++) {
            Path target = folders.failed().resolve(NoOverwriteFiles.fileName(stem, extension, n));
            Path reportFile = errorReportFor(target);
            if (Files.exists(target) || Files.exists(reportFile)) continue;
            try {
                Files.move(brief, target);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            byte[] text = report.apply(target).getBytes(StandardCharsets.UTF_8);
            try {
                NoOverwriteFiles.writeNew(reportFile, text);
            } catch (FileAlreadyExistsException taken) {
                NoOverwriteFiles.writeNew(folders.failed(), stemOf(reportFile), "md", text);
            }
            if (claimed) deleteIfEmpty(brief.getParent());
            return target;
        }
        throw new IOException("too many failed briefs named like " + name + " in " + folders.failed() + ": clean up that folder");
    }

    /**
     * Writes (or replaces) the error report beside a schedule brief: {@code schedules/NAME.error.md}. It is
     * Inkstone's own file, so replacing it loses nothing of the user's.
     */
    void reportBeside(Path brief, String report) throws IOException {
        AtomicFiles.replace(errorReportFor(brief), report);
    }

    /** Removes the error report beside a brief, if there is one (after the brief works again). */
    void clearReportBeside(Path brief) throws IOException {
        Files.deleteIfExists(errorReportFor(brief));
    }

    /** {@code NAME.error.md} beside {@code NAME.yaml}. */
    static Path errorReportFor(Path brief) {
        String name = brief.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return brief.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".error.md");
    }

    private static String stemOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) return;
        }
        Files.deleteIfExists(dir);
    }
}
