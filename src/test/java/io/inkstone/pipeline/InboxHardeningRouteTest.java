package io.inkstone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Briefs as they really arrive: empty, symbolic links, changed after they were read. */
class InboxHardeningRouteTest {

    @TempDir
    Path root;

    @Test
    void should_report_empty_and_whitespace_only_briefs_in_failed() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            f.drop("empty.yaml", "");
            f.drop("blank.yaml", "  \n\n   \n");
            Await.until("both reported", () -> Files.exists(f.inbox.resolve("failed/empty.error.md"))
                    && Files.exists(f.inbox.resolve("failed/blank.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/empty.error.md"))).contains("empty");
        assertThat(Files.readString(f.inbox.resolve("failed/blank.error.md"))).contains("empty");
        assertThat(f.files(f.inbox, "*.camelLock")).isEmpty();
        assertThat(f.files(f.inbox, "*.yaml")).extracting(p -> p.getParent().getFileName().toString()).containsOnly("failed");
    }

    @Test
    void should_refuse_a_symlinked_brief_without_quoting_its_target() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        Path secret = Files.writeString(root.resolve("private.yaml"), "title: SECRET-TITLE-42\ntask: SECRET-TASK\nbogus: SECRET-KEY\n");
        Files.createDirectories(f.inbox);
        try (InkstonePipeline pipeline = f.start(TinyModel.engine())) {
            Files.createSymbolicLink(f.inbox.resolve("link.yaml"), secret);
            Await.until("reported", () -> Files.exists(f.inbox.resolve("failed/link.error.md")));
        }
        String report = Files.readString(f.inbox.resolve("failed/link.error.md"));
        assertThat(report).contains("symbolic link").doesNotContain("SECRET");
        assertThat(Files.isSymbolicLink(f.inbox.resolve("failed/link.yaml"))).isTrue();
        assertThat(secret).hasContent("title: SECRET-TITLE-42\ntask: SECRET-TASK\nbogus: SECRET-KEY\n");
        assertThat(f.files(f.vault, "*.md")).isEmpty();
    }

    @Test
    void should_not_mark_done_a_brief_that_changed_after_it_was_read() throws Exception {
        PipelineFixture f = new PipelineFixture(root);
        AtomicBoolean changed = new AtomicBoolean();
        Generator tiny = TinyModel.engine();
        Generator rewriting = new Generator() {
            @Override
            public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
                if (changed.compareAndSet(false, true)) {
                    // the writer goes on writing after the inbox took the file
                    Path claimed = f.files(f.inbox.resolve("in-progress"), "late.yaml").getFirst();
                    try {
                        Files.writeString(claimed, PipelineFixture.brief("Late") + "requirements: [a second thought]\n");
                        Files.setLastModifiedTime(claimed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return tiny.generate(request, listener, cancellation);
            }

            @Override public String modelName() { return tiny.modelName(); }

            @Override public int contextLength() { return tiny.contextLength(); }
        };
        try (InkstonePipeline pipeline = f.start(rewriting)) {
            f.drop("late.yaml", PipelineFixture.brief("Late"));
            Await.until("reported", () -> Files.exists(f.inbox.resolve("failed/late.error.md")));
        }
        assertThat(Files.readString(f.inbox.resolve("failed/late.error.md"))).contains("changed after it was read", "again");
        assertThat(Files.readString(f.inbox.resolve("failed/late.yaml"))).contains("a second thought");
        assertThat(f.files(f.inbox.resolve("archive"), "*.yaml")).isEmpty();
    }
}
