package io.inkstone.llm.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a TorchScript archive (what {@code torch.jit.save} writes) from TorchScript source kept readable as a
 * resource, without Python. The archive is a zip with stored entries under one folder:
 * {@code code/__torch__.py} (the source of one module class), {@code data.pkl} (a pickled instance of that
 * class whose only state is {@code training = False}), {@code constants.pkl} (an empty tuple), {@code version}
 * ({@code 3}), {@code .data/version} and {@code byteorder}. Archives are cached by a hash of the source, so
 * each source is packed once per cache folder.
 */
final class TorchScriptArchive {

    private TorchScriptArchive() {}

    /**
     * Returns an archive holding {@code className} from the classpath resource {@code sourceResource}, built into
     * {@code cacheDir} unless an archive of the same source is already there.
     */
    static Path build(String sourceResource, String className, Path cacheDir) {
        byte[] source = readResource(sourceResource);
        String hash = sha256(source, className.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        Path archive = cacheDir.resolve(className.toLowerCase(java.util.Locale.ROOT) + "-" + hash + ".pt");
        if (Files.isRegularFile(archive)) return archive;
        try {
            Files.createDirectories(cacheDir);
            Path partial = Files.createTempFile(cacheDir, className, ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                write(out, source, className);
            }
            try {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript archive into " + cacheDir + ": " + e.getMessage()
                    + " (set -Dinkstone.cache.dir to a writable folder)", e);
        }
    }

    /** Writes the archive of {@code source} (the text of {@code code/__torch__.py}) to {@code out}. */
    static void write(OutputStream out, byte[] source, String className) throws IOException {
        String folder = className.toLowerCase(java.util.Locale.ROOT) + "/";
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, folder + "data.pkl", modulePickle(className));
            stored(zip, folder + "code/__torch__.py", source);
            stored(zip, folder + "constants.pkl", new byte[] {(byte) 0x80, 0x02, ')', '.'}); // protocol 2, empty tuple, stop
            stored(zip, folder + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, folder + ".data/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, folder + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Pickle (protocol 2) of one {@code __torch__.<className>} object whose state is {@code {"training": False}}. */
    static byte[] modulePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 0x02});                                   // PROTO 2
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL __torch__.<class>
        p.write(')');                                                                    // EMPTY_TUPLE (constructor arguments)
        p.write(0x81);                                                                   // NEWOBJ
        p.write('}');                                                                    // EMPTY_DICT (the state)
        p.write('(');                                                                    // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X');                                                                    // BINUNICODE, 4-byte little-endian length
        p.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
        p.writeBytes(key);
        p.write(0x89);                                                                   // NEWFALSE
        p.write('u');                                                                    // SETITEMS
        p.write('b');                                                                    // BUILD
        p.write('.');                                                                    // STOP
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = TorchScriptArchive.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("resource " + resource + " is missing from the Inkstone jar: rebuild it");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) digest.update(part);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
