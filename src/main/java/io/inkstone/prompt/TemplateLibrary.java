package io.inkstone.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The prompt templates available to a run: the built-ins bundled in the jar (classpath {@code templates/}), plus
 * the {@code *.md} files of a user folder, whose templates replace built-ins of the same name. Every template is
 * parsed and compiled when the library is made, so a broken user template is reported up front, with its file,
 * line and column.
 */
public final class TemplateLibrary {

    /** The templates shipped with Inkstone. */
    public static final List<String> BUILT_IN_NAMES = BuiltInTemplate.names();

    /** System property naming the user's templates folder (it must exist when set). */
    public static final String TEMPLATES_PROPERTY = "inkstone.templates";

    /** System property holding the project root when run through {@code bin/inkstone}. */
    public static final String HOME_PROPERTY = "inkstone.home";

    private static final String CLASSPATH_FOLDER = "templates/";
    private static final String EXTENSION = ".md";

    private final Map<String, PromptTemplate> templates;

    private TemplateLibrary(Map<String, PromptTemplate> templates) {
        this.templates = Collections.unmodifiableMap(new TreeMap<>(templates));
    }

    /** The built-in templates only. */
    public static TemplateLibrary builtIn() {
        TemplateFileParser parser = new TemplateFileParser(new PebbleSandbox());
        return new TemplateLibrary(readBuiltIns(parser));
    }

    /**
     * The built-ins plus every {@code *.md} file of {@code userTemplatesDir} ({@code README.md} excepted); a user
     * template replaces the built-in of the same name.
     *
     * @throws TemplateException listing every problem in the folder's templates, or when the folder is missing
     */
    public static TemplateLibrary load(Path userTemplatesDir) {
        if (!Files.isDirectory(userTemplatesDir)) {
            throw new TemplateException(new TemplateProblem(userTemplatesDir.toString(), 0, 0,
                    "the templates folder does not exist (create it, or point -D" + TEMPLATES_PROPERTY + " at one)"));
        }
        TemplateFileParser parser = new TemplateFileParser(new PebbleSandbox());
        Map<String, PromptTemplate> templates = readBuiltIns(parser);
        List<TemplateProblem> problems = new ArrayList<>();
        for (Path file : templateFiles(userTemplatesDir)) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - EXTENSION.length());
            try {
                templates.put(name, parser.parse(readUtf8(file), file.toString(), name));
            } catch (TemplateException e) {
                problems.addAll(e.problems());
            } catch (IOException e) {
                problems.add(new TemplateProblem(file.toString(), 0, 0, "cannot read the file: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) throw new TemplateException(problems);
        return new TemplateLibrary(templates);
    }

    /**
     * The library for this run: the built-ins plus the user folder {@link #userFolder()} finds, if any.
     *
     * @throws TemplateException when a user template is broken or {@code -Dinkstone.templates} names no folder
     */
    public static TemplateLibrary standard() {
        return userFolder().map(TemplateLibrary::load).orElseGet(TemplateLibrary::builtIn);
    }

    /**
     * Where the user's templates are: the folder named by {@code -Dinkstone.templates}; else {@code ./templates}
     * when it exists; else {@code templates/} under {@code -Dinkstone.home} (the project root when run through
     * {@code bin/inkstone}) when it exists; else none.
     */
    public static Optional<Path> userFolder() {
        String configured = System.getProperty(TEMPLATES_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path current = Path.of("templates");
        if (Files.isDirectory(current)) {
            return Optional.of(current);
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "templates"))) {
            return Optional.of(Path.of(home, "templates"));
        }
        return Optional.empty();
    }

    /** The template names, sorted. */
    public Set<String> names() {
        return templates.keySet();
    }

    /** True when a template of this name exists. */
    public boolean contains(String name) {
        return templates.containsKey(name);
    }

    /**
     * The template of this name.
     *
     * @throws UnknownTemplateException listing the available names
     */
    public PromptTemplate get(String name) {
        PromptTemplate template = templates.get(name);
        if (template == null) throw new UnknownTemplateException(name, names());
        return template;
    }

    private static Map<String, PromptTemplate> readBuiltIns(TemplateFileParser parser) {
        Map<String, PromptTemplate> templates = new TreeMap<>();
        for (String name : BUILT_IN_NAMES) {
            String resource = CLASSPATH_FOLDER + name + EXTENSION;
            try (InputStream in = TemplateLibrary.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in template " + resource + " is missing from the classpath"
                            + " (rebuild Inkstone: mvn package)");
                }
                templates.put(name, parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "classpath:" + resource, name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in template " + resource, e);
            }
        }
        return templates;
    }

    private static List<Path> templateFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(EXTENSION))
                    .filter(file -> !file.getFileName().toString().toLowerCase(Locale.ROOT).equals("readme.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the templates folder " + folder, e);
        }
    }

    private static String readUtf8(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text", e);
        }
    }
}
