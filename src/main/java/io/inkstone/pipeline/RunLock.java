package io.inkstone.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code inkstone run} per inbox: two watchers on one inbox would both resume the same briefs. The lock
 * ({@code .inkstone/run.lock}, holding the process id) is released by the operating system when the process ends,
 * even by {@code kill -9}.
 */
final class RunLock implements AutoCloseable {

    private final FileChannel channel;

    private RunLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock or says who holds it. */
    static RunLock acquire(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new SettingsException("another `inkstone run` (process " + holder(file) + ") is already watching this inbox; "
                    + "stop it first (Ctrl-C), or give this one another inbox");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        channel.force(false);
        return new RunLock(channel);
    }

    /** The process id written by the holder of the lock, or null when nobody holds it. */
    static String runningProcess(Path file) throws IOException {
        if (Files.notExists(file)) return null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe != null) {
                probe.release();
                return null;
            }
        } catch (OverlappingFileLockException sameProcess) {
            // this process holds it
        }
        return holder(file);
    }

    private static String holder(Path file) throws IOException {
        String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "?" : pid;
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) channel.close(); // closing the channel releases the lock
    }
}
