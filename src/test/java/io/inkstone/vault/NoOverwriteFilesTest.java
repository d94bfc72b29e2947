package io.inkstone.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoOverwriteFilesTest {

    @TempDir
    Path dir;

    @Test
    void should_add_suffixes_instead_of_overwriting() throws Exception {
        Path first = NoOverwriteFiles.writeNew(dir, "note", "md", bytes("one"));
        Path second = NoOverwriteFiles.writeNew(dir, "note", "md", bytes("two"));
        Path third = NoOverwriteFiles.writeNew(dir, "note", "md", bytes("three"));

        assertThat(first.getFileName()).hasToString("note.md");
        assertThat(second.getFileName()).hasToString("note (2).md");
        assertThat(third.getFileName()).hasToString("note (3).md");
        assertThat(Files.readString(first)).isEqualTo("one");
        assertThat(Files.readString(second)).isEqualTo("two");
        assertThat(Files.readString(third)).isEqualTo("three");
    }

    @Test
    void should_leave_no_temporary_files() throws Exception {
        NoOverwriteFiles.writeNew(dir, "note", "md", bytes("x"));
        NoOverwriteFiles.writeNew(dir, "note", "md", bytes("y"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("note.md", "note (2).md");
        }
    }

    @Test
    void should_move_without_replacing() throws Exception {
        Path target = dir.resolve("failed");
        Files.createDirectories(target);
        Files.writeString(target.resolve("brief.yaml"), "older");
        Path source = Files.writeString(dir.resolve("brief.yaml"), "newer");

        Path moved = NoOverwriteFiles.moveNew(source, target);

        assertThat(moved.getFileName()).hasToString("brief (2).yaml");
        assertThat(Files.readString(target.resolve("brief.yaml"))).isEqualTo("older");
        assertThat(Files.readString(moved)).isEqualTo("newer");
        assertThat(source).doesNotExist();
    }

    @Test
    void should_find_the_first_free_name() throws Exception {
        Files.writeString(dir.resolve("a.pdf"), "");
        Files.writeString(dir.resolve("a (2).pdf"), "");
        assertThat(NoOverwriteFiles.firstFree(dir, "a", "pdf").getFileName()).hasToString("a (3).pdf");
        assertThat(NoOverwriteFiles.firstFree(dir, "a", "md").getFileName()).hasToString("a.md");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
