package io.inkstone.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The only code that reads a file for an export (pictures in a note, the cover): a reference is accepted only when it
 * names a <em>regular file</em> whose <em>real path</em> (after every symbolic link) lies inside the note's folder or
 * the vault, that is at most {@link #MAX_BYTES} long, and whose first bytes say it is a PNG, JPEG, GIF or WebP
 * picture (the file name's extension is not trusted; SVG is refused). URLs are never fetched. The bytes are read
 * once, here, and every engine embeds exactly those bytes, so a file changed or swapped after the check is not read.
 *
 * <p>Relative references are looked up next to the note, then from the vault's root, then by file name anywhere in the
 * vault (as Obsidian does). The vault is given, or else the nearest folder above the note holding {@code .obsidian}.
 */
final class ResourceResolver {
    /** The largest picture embedded. */
    static final long MAX_BYTES = 32L << 20;
    private static final int VAULT_SEARCH_DEPTH = 8;
    private static final Pattern SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*:.*", Pattern.DOTALL);

    /** A picture format recognised by its magic bytes. */
    enum ImageType {
        PNG("image/png", "png"), JPEG("image/jpeg", "jpg"), GIF("image/gif", "gif"), WEBP("image/webp", "webp");

        final String mediaType;
        final String extension;

        ImageType(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        /** The type the bytes start with, or null. */
        static ImageType sniff(byte[] head) {
            if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
            if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) return JPEG;
            if (startsWith(head, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 0, 'G', 'I', 'F', '8', '9', 'a')) return GIF;
            if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) return WEBP;
            return null;
        }

        private static boolean startsWith(byte[] bytes, int offset, int... expected) {
            if (bytes.length < offset + expected.length) return false;
            for (int i = 0; i < expected.length; i++) {
                if ((bytes[offset + i] & 0xFF) != expected[i]) return false;
            }
            return true;
        }
    }

    /**
     * An accepted picture.
     *
     * @param file  its real path
     * @param bytes its content, read once
     * @param type  its type by magic bytes
     */
    record Resource(Path file, byte[] bytes, ImageType type) {}

    /** The outcome of a look-up: the resource, or why it was refused (for the log; never the file's content). */
    record Resolution(Resource resource, String refusal) {
        boolean accepted() { return resource != null; }
    }

    private final Path noteFolder;
    private final Path noteFolderReal;
    private final Path vaultRoot;
    private final Path vaultReal;
    private final Map<Path, Resolution> byRealPath = new HashMap<>();
    private Map<String, Path> vaultFilesByName;

    /**
     * @param noteFolder the folder of the note being exported (relative references start there)
     * @param vaultRoot  the vault the note belongs to, or null to look for {@code .obsidian} above the note's folder
     */
    ResourceResolver(Path noteFolder, Path vaultRoot) {
        this.noteFolder = noteFolder.toAbsolutePath().normalize();
        Path root = vaultRoot == null ? null : vaultRoot.toAbsolutePath().normalize();
        if (root == null) {
            for (Path folder = noteFolder; folder != null; folder = folder.getParent()) {
                if (Files.isDirectory(folder.resolve(".obsidian"))) {
                    root = folder;
                    break;
                }
            }
        }
        this.vaultRoot = root;
        this.noteFolderReal = realOrNull(noteFolder);
        this.vaultReal = root == null ? null : realOrNull(root);
    }

    /** The vault root used for look-ups, or null when the note is in no vault. */
    Path vaultRoot() { return vaultRoot; }

    /** Resolves an {@code <img src>} value (a URI reference: percent-encoded, or a {@code file:} URI). */
    Resolution resolveSource(String source) {
        String src = source == null ? "" : source.strip();
        if (src.isEmpty()) return refused("is empty");
        if (src.regionMatches(true, 0, "file:", 0, 5)) {
            Path file;
            try {
                file = Path.of(URI.create(src));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return refused("is not a usable file: URI");
            }
            return accept(file);
        }
        if (src.startsWith("//") || SCHEME.matcher(src).matches()) return refused("is a URL (never fetched)");
        return resolvePath(decode(src));
    }

    /** Resolves a path as written in front matter ({@code cover: images/c.png}, {@code cover: "[[c.png]]"}). */
    Resolution resolveReference(String reference) {
        String text = reference == null ? "" : reference.strip().replaceAll("^!?\\[\\[|]]$", "").strip();
        int bar = text.indexOf('|');
        if (bar >= 0) text = text.substring(0, bar).strip();
        if (text.isEmpty()) return refused("is empty");
        if (text.regionMatches(true, 0, "file:", 0, 5)) return resolveSource(text);
        if (text.startsWith("//") || SCHEME.matcher(text).matches()) return refused("is a URL (never fetched)");
        return resolvePath(text);
    }

    private Resolution resolvePath(String path) {
        if (path.indexOf('\0') >= 0) return refused("is not a file name");
        Path relative;
        try {
            relative = Path.of(path);
        } catch (InvalidPathException e) {
            return refused("is not a file name");
        }
        if (relative.isAbsolute()) return accept(relative);
        List<Path> candidates = new ArrayList<>();
        candidates.add(noteFolder.resolve(relative));
        if (vaultRoot != null) candidates.add(vaultRoot.resolve(relative));
        Resolution last = null;
        for (Path candidate : candidates) {
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.exists(candidate)) continue;
            last = accept(candidate);
            if (last.accepted()) return last;
        }
        if (last != null) return last;
        if (vaultRoot != null && relative.getFileName() != null) {
            Path byName = vaultFiles().get(relative.getFileName().toString().toLowerCase(Locale.ROOT));
            if (byName != null) return accept(byName);
        }
        return refused("was not found next to the note or in the vault");
    }

    /** Checks one candidate file: real path inside the allowed folders, a regular file, small, a known picture. */
    private Resolution accept(Path candidate) {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException | SecurityException e) {
            return refused("was not found");
        }
        if (!inside(real)) return refused("is outside the note's folder and the vault (only files there are embedded)");
        Resolution known = byRealPath.get(real);
        if (known != null) return known;
        Resolution resolution = read(real);
        byRealPath.put(real, resolution);
        return resolution;
    }

    private boolean inside(Path real) {
        return (noteFolderReal != null && real.startsWith(noteFolderReal)) || (vaultReal != null && real.startsWith(vaultReal));
    }

    private static Resolution read(Path real) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) return refused("is not a regular file");
            if (attributes.size() > MAX_BYTES) return refused("is larger than " + (MAX_BYTES >> 20) + " MB");
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) return refused("is larger than " + (MAX_BYTES >> 20) + " MB");
            ImageType type = ImageType.sniff(bytes);
            if (type == null) return refused("is not a PNG, JPEG, GIF or WebP picture (checked by its content)");
            return new Resolution(new Resource(real, bytes, type), null);
        } catch (IOException | SecurityException e) {
            return refused("cannot be read");
        }
    }

    private static Resolution refused(String why) {
        return new Resolution(null, why);
    }

    /** A percent-encoded {@code src} as the file path it names ('+' stays '+'). */
    static String decode(String source) {
        try {
            return URLDecoder.decode(source.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return source;
        }
    }

    private Map<String, Path> vaultFiles() {
        if (vaultFilesByName == null) {
            vaultFilesByName = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(vaultRoot, VAULT_SEARCH_DEPTH)) {
                files.filter(file -> !vaultRoot.relativize(file).toString().startsWith("."))
                        .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                        .forEach(file -> vaultFilesByName.putIfAbsent(file.getFileName().toString().toLowerCase(Locale.ROOT), file));
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable corner of the vault: pictures there stay unresolved (and are reported as missing)
            }
        }
        return vaultFilesByName;
    }

    private static Path realOrNull(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
