package io.inkstone.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path folder;

    @Test
    void should_replace_a_file_with_the_complete_new_content_and_leave_no_temporary_file() throws IOException {
        Path target = Files.writeString(folder.resolve("report.md"), "old");
        AtomicFiles.replace(target, "新的内容 ✓");
        assertThat(target).hasContent("新的内容 ✓");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void should_leave_the_old_file_untouched_when_writing_fails() throws IOException {
        Path target = Files.writeString(folder.resolve("book.epub"), "old");
        Path[] seen = new Path[1];
        assertThatThrownBy(() -> AtomicFiles.replace(target, temporary -> {
            seen[0] = temporary;
            Files.writeString(temporary, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(target).hasContent("old");
        assertThat(seen[0].getFileName().toString()).startsWith(".inkstone-").endsWith(".epub");
        assertThat(seen[0]).doesNotExist();
    }
}
