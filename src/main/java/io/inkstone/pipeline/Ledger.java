package io.inkstone.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The inbox's history, one JSON object per line in {@code .inkstone/ledger.jsonl}, appended and synced to disk
 * before the step it records is considered done. After a crash it tells a brief whose note was already written
 * (archive it, do not write it again) from one that was interrupted (resume it); {@code inkstone status} reads
 * it for the list of finished briefs.
 */
final class Ledger {

    /** What happened to a brief. */
    enum Event {
        /** moved from the inbox into in-progress/ */
        CLAIMED,
        /** picked up again from in-progress/ after a stop */
        RESUMED,
        /** its note is in the vault (the brief is not archived yet) */
        WRITTEN,
        /** moved to the archive: done */
        ARCHIVED,
        /** moved to failed/ */
        FAILED,
        /** a schedule brief moved to schedules/ */
        SCHEDULED,
        /** a schedule fired and wrote a note */
        FIRED,
        /** published to the broker's brief queue (desk with --queue) */
        QUEUED,
        /** a worker started writing it (detail: the worker's id) */
        TAKEN
    }

    /**
     * One line.
     *
     * @param at      when (ISO-8601 instant)
     * @param event   what
     * @param claim   the claim id (in-progress/&lt;claim&gt;/), or null for schedules
     * @param brief   the brief's file name
     * @param note    the note written (WRITTEN, ARCHIVED, FIRED), or null
     * @param detail  the archive/failed path or an error summary, or null
     * @param seconds how long the brief took (ARCHIVED, FAILED, FIRED), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String at, Event event, String claim, String brief, String note, String detail, Double seconds) {
        static Entry of(Instant at, Event event, String claim, String brief) {
            return new Entry(at.toString(), event, claim, brief, null, null, null);
        }

        Entry withNote(String n) { return new Entry(at, event, claim, brief, n, detail, seconds); }

        Entry withDetail(String d) { return new Entry(at, event, claim, brief, note, d, seconds); }

        Entry withSeconds(double s) { return new Entry(at, event, claim, brief, note, detail, s); }
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    Ledger(Path file) {
        this.file = file;
    }

    /**
     * Appends an entry and forces it to disk. A last line torn by a crash (no newline at its end) is ended first, so
     * it cannot swallow this entry: the torn line stays unreadable and is skipped, the new entry stands on its own.
     */
    synchronized void append(Entry entry) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > 0) {
                ByteBuffer last = ByteBuffer.allocate(1);
                channel.read(last, size - 1);
                if (last.get(0) != '\n') line = ("\n" + new String(line, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
            channel.position(size);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        }
    }

    /** All entries, oldest first; a line cut off by a crash is skipped. */
    synchronized List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (Files.notExists(file)) return entries;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            try {
                entries.add(json.readValue(line, Entry.class));
            } catch (JsonProcessingException cutOff) {
                // the last line of a crashed run may be incomplete: it recorded nothing that finished
            }
        }
        return entries;
    }

    /** The latest entry for a claim. */
    Optional<Entry> last(String claim) throws IOException {
        Entry last = null;
        for (Entry e : entries()) if (claim.equals(e.claim())) last = e;
        return Optional.ofNullable(last);
    }

    /** The latest {@code event} recorded for a claim. */
    Optional<Entry> last(String claim, Event event) throws IOException {
        Entry last = null;
        for (Entry e : entries()) if (claim.equals(e.claim()) && e.event() == event) last = e;
        return Optional.ofNullable(last);
    }

    /** How many times {@code event} was recorded for a claim. */
    long count(String claim, Event event) throws IOException {
        return entries().stream().filter(e -> claim.equals(e.claim()) && e.event() == event).count();
    }
}
