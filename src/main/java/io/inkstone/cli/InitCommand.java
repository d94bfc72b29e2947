package io.inkstone.cli;

import io.inkstone.pipeline.PipelineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code inkstone init [DIR]}: creates a working folder: {@code inbox/}, {@code vault/}, {@code models/}, a
 * commented {@code inkstone.properties} and {@code samples/} with example briefs. Refuses to overwrite anything.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create an Inkstone folder: inbox/, vault/, models/, samples/ and a commented inkstone.properties.",
                "inbox/ is where briefs are dropped, vault/ the Obsidian vault, samples/ example briefs to copy into inbox/.",
                "Existing files are never overwritten: init then changes nothing and names them."})
public final class InitCommand implements Callable<Integer> {

    /** The commented settings file {@code init} writes (classpath resource). */
    static final String PROPERTIES_RESOURCE = "/io/inkstone/pipeline/inkstone.properties";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "the folder to set up (default: the current folder)")
    Path dir = Path.of(".");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            err.println("inkstone init: " + root + " is a file, not a folder; choose another name");
            return ExitCode.USAGE.code();
        }
        Path settings = root.resolve(PipelineSettings.FILE_NAME);
        try (SampleSource samples = SampleSource.find()) {
            List<Path> sampleFiles = samples.briefs();
            List<Path> conflicts = new ArrayList<>();
            if (Files.exists(settings)) conflicts.add(settings);
            for (Path sample : sampleFiles) {
                Path target = root.resolve("samples").resolve(sample.getFileName().toString());
                if (Files.exists(target)) conflicts.add(target);
            }
            for (String folder : List.of("inbox", "vault", "models", "samples")) {
                Path p = root.resolve(folder);
                if (Files.exists(p) && !Files.isDirectory(p)) conflicts.add(p);
            }
            if (!conflicts.isEmpty()) {
                err.println("inkstone init: nothing was changed, because these already exist (move them away or choose another folder):");
                conflicts.forEach(c -> err.println("  " + c));
                return ExitCode.INVALID_INPUT.code();
            }

            for (String folder : List.of("inbox", "vault", "models", "samples")) Files.createDirectories(root.resolve(folder));
            try (InputStream in = InitCommand.class.getResourceAsStream(PROPERTIES_RESOURCE)) {
                if (in == null) throw new IllegalStateException("resource " + PROPERTIES_RESOURCE + " is missing from the jar");
                Files.copy(in, settings);
            }
            for (Path sample : sampleFiles) Files.copy(sample, root.resolve("samples").resolve(sample.getFileName().toString()));

            out.println("Created " + root + ":");
            out.println("  inkstone.properties   settings (commented; every setting is optional)");
            out.println("  inbox/                drop brief files (*.yaml) here");
            out.println("  vault/                the Obsidian vault the notes go to (open it in Obsidian)");
            out.println("  models/               put the model folder here (see inkstone.model in inkstone.properties)");
            out.println("  samples/              " + sampleFiles.size() + " example briefs: copy one into inbox/ to try it");
            out.println();
            out.println("Next:");
            out.println("  1. Put a Qwen3 model into " + root.resolve("models/Qwen3-4B-Instruct-2507")
                    + " (or point inkstone.model at one).");
            out.println("  2. Start the watcher:   inkstone run --config " + settings);
            out.println("  3. Drop a brief in:     cp " + root.resolve("samples").resolve(sampleFiles.isEmpty() ? "BRIEF.yaml"
                    : sampleFiles.getFirst().getFileName().toString()) + " " + root.resolve("inbox") + "/");
            out.flush();
            return ExitCode.OK.code();
        }
    }

    /**
     * Where the sample briefs come from: {@code <inkstone.home>/samples} (or the project folder in tests), else the
     * copy bundled in the jar.
     */
    private record SampleSource(Path folder, FileSystem jar) implements AutoCloseable {

        static SampleSource find() throws IOException {
            Path home = PipelineSettings.installationHome().resolve("samples");
            if (Files.isDirectory(home)) return new SampleSource(home, null);
            URL bundled = InitCommand.class.getResource("/samples");
            if (bundled == null) return new SampleSource(null, null);
            try {
                URI uri = bundled.toURI();
                if (!"jar".equals(uri.getScheme())) return new SampleSource(Path.of(uri), null);
                FileSystem jar = FileSystems.newFileSystem(uri, Map.of());
                return new SampleSource(jar.getPath("/samples"), jar);
            } catch (URISyntaxException e) {
                throw new IOException("cannot read the bundled samples: " + e.getMessage(), e);
            }
        }

        List<Path> briefs() throws IOException {
            if (folder == null) return List.of();
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(p -> {
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return name.endsWith(".yaml") || name.endsWith(".yml");
                }).sorted().toList();
            }
        }

        @Override
        public void close() throws IOException {
            if (jar != null) jar.close();
        }
    }
}
