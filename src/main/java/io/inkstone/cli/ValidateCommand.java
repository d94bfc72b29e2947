package io.inkstone.cli;

import io.inkstone.brief.Brief;
import io.inkstone.brief.BriefParseResult;
import io.inkstone.brief.BriefParser;
import io.inkstone.brief.BriefProblem;
import io.inkstone.brief.ExportFormat;
import io.inkstone.prompt.TemplateException;
import io.inkstone.prompt.TemplateLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code inkstone validate FILE...}: checks briefs and prints every problem like a compiler
 * ({@code file:line:column: message (hint)}), or one {@code OK} line per valid brief.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check writing briefs (YAML) and print every problem as file:line:column: message.",
                "A folder checks the *.yaml and *.yml files in it."})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "brief files, or folders of them")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BriefParser parser = new BriefParser(templateNames());
        int valid = 0;
        int invalid = 0;
        int unreadable = 0;
        int problemCount = 0;
        for (Path file : expand(files, err)) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                err.println(file + ": cannot read: " + (Files.exists(file) ? "not a readable file" : "no such file"));
                unreadable++;
                continue;
            }
            BriefParseResult result = parser.parse(file);
            if (result.ok()) {
                out.println("OK  " + file + "  (" + summary(result.brief()) + ")");
                valid++;
            } else {
                for (BriefProblem problem : result.problems()) err.println(problem.format());
                problemCount += result.problems().size();
                invalid++;
            }
        }
        int total = valid + invalid + unreadable;
        List<String> summary = new ArrayList<>();
        if (invalid > 0) {
            summary.add(String.format("%d of %d brief%s %s (%d problem%s)", invalid, total, total == 1 ? "" : "s",
                    invalid == 1 ? "is not valid" : "are not valid", problemCount, problemCount == 1 ? "" : "s"));
        }
        if (unreadable > 0) summary.add(String.format("%d of %d could not be read", unreadable, total));
        if (!summary.isEmpty()) err.println(String.join("; ", summary));
        out.flush();
        err.flush();
        if (unreadable > 0) return ExitCode.IO_ERROR.code();
        return invalid > 0 ? ExitCode.INVALID_INPUT.code() : ExitCode.OK.code();
    }

    /** Files as given; a folder becomes its *.yaml / *.yml files in name order (reported when it has none). */
    private static List<Path> expand(List<Path> arguments, PrintWriter err) {
        List<Path> result = new ArrayList<>();
        for (Path argument : arguments) {
            if (!Files.isDirectory(argument)) {
                result.add(argument);
                continue;
            }
            List<Path> briefs = yamlFiles(argument);
            if (briefs.isEmpty()) err.println(argument + ": no *.yaml or *.yml files in this folder");
            result.addAll(briefs);
        }
        return result;
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The names a brief's {@code template:} may use: those of the template library every other command uses
     * (built-ins plus the user's folder, see {@link TemplateLibrary#standard()}).
     */
    static Set<String> templateNames() {
        try {
            return TemplateLibrary.standard().names();
        } catch (TemplateException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.INVALID_INPUT, e.getMessage(), e);
        }
    }

    /** {@code story, zh-CN, 3000字, outline: 6 sections, template: few-shot, export: pdf+epub, schedule: 0 0 7 * * ? Asia/Shanghai}. */
    static String summary(Brief brief) {
        List<String> parts = new ArrayList<>();
        parts.add(brief.type().yamlName());
        parts.add(brief.language());
        if (brief.length() != null) parts.add(brief.length().toString());
        if (brief.autoOutline()) parts.add("outline: auto");
        else if (!brief.outline().isEmpty()) parts.add("outline: " + brief.outline().size() + " sections");
        if (brief.template() != null) parts.add("template: " + brief.template());
        if (!brief.examples().isEmpty()) parts.add(brief.examples().size() + (brief.examples().size() == 1 ? " example" : " examples"));
        if (brief.exports() != null && brief.exports().isEmpty()) parts.add("export: none");
        else if (brief.exports() != null) parts.add("export: " + brief.exports().stream().map(ExportFormat::extension).collect(Collectors.joining("+")));
        if (brief.schedule() != null) parts.add("schedule: " + brief.schedule().cron() + " " + brief.schedule().timezone());
        return String.join(", ", parts);
    }
}
