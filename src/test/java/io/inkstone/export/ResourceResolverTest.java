package io.inkstone.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceResolverTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0};

    @TempDir
    Path root;
    Path vault;
    Path note;
    Path outside;

    @BeforeEach
    void vault() throws IOException {
        vault = Files.createDirectories(root.resolve("vault"));
        Files.createDirectories(vault.resolve(".obsidian"));
        Path folder = Files.createDirectories(vault.resolve("notes"));
        note = Files.writeString(folder.resolve("note.md"), "# note\n");
        Files.write(folder.resolve("here.png"), PNG);
        Files.write(Files.createDirectories(vault.resolve("attachments")).resolve("far.png"), PNG);
        outside = Files.write(root.resolve("outside.png"), PNG);
    }

    private ResourceResolver resolver() {
        return new ResourceResolver(note.getParent(), null);
    }

    @Test
    void should_accept_pictures_next_to_the_note_and_in_the_vault() {
        assertThat(resolver().resolveSource("here.png").accepted()).isTrue();
        assertThat(resolver().resolveSource("far.png").resource().file().getFileName().toString()).isEqualTo("far.png");
        assertThat(resolver().resolveSource("../attachments/far.png").accepted()).isTrue();
        assertThat(resolver().resolveSource(vault.resolve("notes/here.png").toUri().toString()).accepted()).isTrue();
        assertThat(resolver().resolveReference("[[here.png|cover]]").resource().type()).isEqualTo(ResourceResolver.ImageType.PNG);
        assertThat(resolver().vaultRoot()).isEqualTo(vault);
    }

    @Test
    void should_refuse_everything_outside_the_note_folder_and_the_vault() throws IOException {
        Files.createSymbolicLink(note.resolveSibling("link.png"), outside);
        Files.createSymbolicLink(vault.resolve("linked-folder"), root);
        for (String source : new String[] {"../../outside.png", outside.toString(), outside.toUri().toString(),
                "link.png", "../linked-folder/outside.png", "..%2F..%2Foutside.png", "/dev/zero", "file:///dev/zero",
                "/proc/self/environ", "http://127.0.0.1:9/x.png", "//127.0.0.1/x.png", "data:image/png;base64,iVBO"}) {
            ResourceResolver.Resolution resolution = resolver().resolveSource(source);
            assertThat(resolution.accepted()).as(source).isFalse();
            assertThat(resolution.refusal()).as(source).isNotBlank();
        }
        assertThat(resolver().resolveReference(outside.toString()).accepted()).isFalse();
    }

    @Test
    void should_judge_the_type_by_content_not_by_name() throws IOException {
        Path folder = note.getParent();
        Files.writeString(folder.resolve("text.png"), "just text", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("picture.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.write(folder.resolve("really-a-png.jpg"), PNG);
        Files.write(folder.resolve("w.webp"), new byte[] {'R', 'I', 'F', 'F', 1, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P'});
        Files.write(folder.resolve("g.gif"), "GIF89a....".getBytes(StandardCharsets.US_ASCII));
        Files.write(folder.resolve("j.jpeg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        assertThat(resolver().resolveSource("text.png").refusal()).contains("not a PNG");
        assertThat(resolver().resolveSource("picture.svg").accepted()).isFalse();
        assertThat(resolver().resolveSource("really-a-png.jpg").resource().type()).isEqualTo(ResourceResolver.ImageType.PNG);
        assertThat(resolver().resolveSource("w.webp").resource().type()).isEqualTo(ResourceResolver.ImageType.WEBP);
        assertThat(resolver().resolveSource("g.gif").resource().type()).isEqualTo(ResourceResolver.ImageType.GIF);
        assertThat(resolver().resolveSource("j.jpeg").resource().type()).isEqualTo(ResourceResolver.ImageType.JPEG);
    }

    @Test
    void should_use_the_given_vault_instead_of_searching_for_obsidian() throws IOException {
        Path other = Files.createDirectories(root.resolve("other-vault"));
        Path otherNote = Files.writeString(Files.createDirectories(other.resolve("n")).resolve("n.md"), "x");
        Files.write(other.resolve("pic.png"), PNG);
        assertThat(new ResourceResolver(otherNote.getParent(), other).resolveSource("pic.png").accepted()).isTrue();
        assertThat(new ResourceResolver(otherNote.getParent(), null).resolveSource("../pic.png").accepted()).isFalse();
    }
}
