package io.inkstone.vault;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where notes go in an Obsidian vault.
 *
 * @param root              the vault folder
 * @param defaultFolder     folder (inside the vault) for notes whose brief names none; "" for the vault root
 * @param attachmentsFolder folder (inside the vault) for exported PDF/EPUB files
 * @param naming            how note files are named
 */
public record VaultSettings(Path root, String defaultFolder, String attachmentsFolder, NamingPattern naming) {
    public VaultSettings {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
        defaultFolder = defaultFolder == null ? "" : defaultFolder;
        attachmentsFolder = attachmentsFolder == null || attachmentsFolder.isBlank() ? "attachments" : attachmentsFolder;
        naming = naming == null ? NamingPattern.DEFAULT : naming;
    }

    /** A folder inside the vault; unsafe segments ({@code ..}, absolute parts, forbidden characters) cannot leave it. */
    public Path folder(String folder) {
        Path dir = root;
        for (String segment : SafeNames.folderSegments(folder)) dir = dir.resolve(segment);
        dir = dir.normalize();
        if (!dir.startsWith(root)) throw new IllegalStateException("folder '" + folder + "' resolves outside the vault " + root);
        return dir;
    }

    /**
     * A new, empty-to-be staging folder for one note's exports: {@code <vault>/.inkstone/staging/<random>} (a hidden
     * folder Obsidian ignores). The caller creates and removes it.
     */
    public Path newStagingFolder() {
        return root.resolve(".inkstone").resolve("staging").resolve(java.util.UUID.randomUUID().toString());
    }
}
