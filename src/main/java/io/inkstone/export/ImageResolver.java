package io.inkstone.export;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the local picture files a note refers to ({@code ![](pic.png)}, {@code ![[pic.png]]}): relative to the note's
 * folder first, then by file name anywhere in the Obsidian vault (the nearest folder above the note that holds
 * {@code .obsidian}), as Obsidian does.
 */
final class ImageResolver {
    private static final int VAULT_SEARCH_DEPTH = 8;

    private final Path noteFolder;
    private final Path vaultRoot;
    private Map<String, Path> vaultFilesByName;

    /** @param noteFolder the folder of the note whose pictures are looked up */
    ImageResolver(Path noteFolder) {
        this.noteFolder = noteFolder.toAbsolutePath().normalize();
        Path root = null;
        for (Path folder = noteFolder; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve(".obsidian"))) {
                root = folder;
                break;
            }
        }
        this.vaultRoot = root;
    }

    /** The picture file for an {@code <img src>} value, or null when it is not a local file that exists. */
    Path resolve(String source) {
        if (source.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                Path file = Path.of(URI.create(source));
                return Files.isRegularFile(file) ? file : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String path = decode(source);
        try {
            Path candidate = noteFolder.resolve(path).normalize();
            if (Files.isRegularFile(candidate)) return candidate;
            if (vaultRoot != null) {
                Path inVault = vaultRoot.resolve(path).normalize();
                if (inVault.startsWith(vaultRoot) && Files.isRegularFile(inVault)) return inVault;
                return vaultFiles().get(Path.of(path).getFileName().toString().toLowerCase(Locale.ROOT));
            }
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        return null;
    }

    /** A percent-encoded {@code src} as the file path it names ('+' stays '+'). */
    static String decode(String source) {
        return URLDecoder.decode(source.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private Map<String, Path> vaultFiles() {
        if (vaultFilesByName == null) {
            vaultFilesByName = new HashMap<>();
            try (Stream<Path> files = Files.walk(vaultRoot, VAULT_SEARCH_DEPTH)) {
                files.filter(file -> !vaultRoot.relativize(file).toString().startsWith("."))
                        .filter(Files::isRegularFile)
                        .forEach(file -> vaultFilesByName.putIfAbsent(file.getFileName().toString().toLowerCase(Locale.ROOT), file));
            } catch (IOException | java.io.UncheckedIOException e) {
                // an unreadable corner of the vault: pictures there stay unresolved (and are reported as missing)
            }
        }
        return vaultFilesByName;
    }

    /** The media type of a picture by its extension, or null when it is not a supported picture. */
    static String mediaType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return "image/png";
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return "image/jpeg";
        if (name.endsWith(".gif")) return "image/gif";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".webp")) return "image/webp";
        return null;
    }
}
