package io.inkstone.vault;

import java.nio.file.Path;
import java.util.List;

/**
 * A note as it landed in the vault.
 *
 * @param note        the Markdown file
 * @param attachments exported files embedded in it, in the attachments folder
 */
public record WrittenNote(Path note, List<Attachment> attachments) {
    public WrittenNote {
        attachments = List.copyOf(attachments);
    }
}
