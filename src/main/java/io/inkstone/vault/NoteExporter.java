package io.inkstone.vault;

import io.inkstone.brief.ExportFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** Makes PDF/EPUB files from a finished Markdown note; the export stage provides the implementation. */
@FunctionalInterface
public interface NoteExporter {

    /**
     * Exports {@code noteMarkdown} (front matter + body) to each format, writing into {@code outDir}.
     * Throws with a message that says what to install or fix when an export cannot be made.
     */
    List<Attachment> export(Path noteMarkdown, Collection<ExportFormat> formats, Path outDir) throws IOException;
}
