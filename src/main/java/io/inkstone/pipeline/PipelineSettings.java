package io.inkstone.pipeline;

import io.inkstone.brief.ExportFormat;
import io.inkstone.compose.ComposeSettings;
import io.inkstone.export.EngineChoice;
import io.inkstone.export.ExportSettings;
import io.inkstone.llm.GeneratorOptions;
import io.inkstone.llm.Generators;
import io.inkstone.prompt.TemplateLibrary;
import io.inkstone.vault.NamingPattern;
import io.inkstone.vault.VaultSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Inkstone's settings: the defaults, then {@code inkstone.properties}, then command-line options.
 * Relative paths in the file are relative to the file's folder. Unknown {@code inkstone.*} keys are errors (a typo
 * should not be silently ignored); {@code camel.*} keys are passed to Camel.
 *
 * @param configFile         the properties file read, or null
 * @param inbox              the inbox folder
 * @param vault              the vault folder
 * @param model              the model: a folder (absolute), or a backend's own reference such as
 *                           {@code openai:http://HOST:PORT/v1#MODEL}, kept as written
 * @param engine             how the model runs (precision, context length, threads)
 * @param templates          the user's templates folder, or null
 * @param routes             the folder holding {@code *.camel.yaml}
 * @param vaultFolder        default folder in the vault
 * @param attachmentsFolder  attachments folder in the vault
 * @param naming             note naming pattern
 * @param exportFormats      formats for briefs that list none
 * @param exports            export engine, PDF font and extra CSS
 * @param compose            how long pieces are written ({@code inkstone.compose.*})
 * @param concurrency        briefs worked on at once
 * @param stableMillis       how long a brief file must stay unchanged before it is read
 * @param pollMillis         inbox polling interval
 * @param scheduleScanMillis interval between scans of schedules/
 * @param scheduleMinInterval the shortest time between two firings of a schedule ({@code inkstone.schedule.minInterval}, seconds)
 * @param resumeMaxAttempts  resumes after a stop before a brief is failed
 * @param shutdownTimeoutSeconds how long Ctrl-C waits for running work
 * @param camelProperties    {@code camel.*} settings, passed on
 * @param httpHost           the address the dashboard and API bind ({@code inkstone.http.host})
 * @param httpPort           their port ({@code inkstone.http.port})
 * @param broker             the message broker for desks and workers ({@code inkstone.broker.*}, INKSTONE_BROKER_*)
 */
public record PipelineSettings(
        Path configFile,
        Path inbox,
        Path vault,
        String model,
        GeneratorOptions engine,
        Path templates,
        Path routes,
        String vaultFolder,
        String attachmentsFolder,
        NamingPattern naming,
        List<ExportFormat> exportFormats,
        ExportSettings exports,
        ComposeSettings compose,
        int concurrency,
        long stableMillis,
        long pollMillis,
        long scheduleScanMillis,
        java.time.Duration scheduleMinInterval,
        int resumeMaxAttempts,
        int shutdownTimeoutSeconds,
        Map<String, String> camelProperties,
        String httpHost,
        int httpPort,
        QueueSettings broker) {

    public static final String FILE_NAME = "inkstone.properties";
    static final List<String> EXPORT_ENGINES = EngineChoice.settingValues();
    /** Every dtype some model backend accepts (the backend checks its own list when it loads). */
    static final List<String> DTYPES = Generators.backends().stream()
            .flatMap(b -> b.dtypes().stream()).distinct().toList();

    public PipelineSettings {
        exportFormats = List.copyOf(exportFormats);
        camelProperties = Map.copyOf(camelProperties);
    }

    /**
     * Loads settings.
     *
     * @param configFile the properties file, or null for defaults only (paths then relative to the working folder)
     * @param overrides  settings from the command line (keys of {@link Setting}); paths in them are taken as they are
     */
    public static PipelineSettings load(Path configFile, Map<Setting, String> overrides) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<String, String> camel = new TreeMap<>();
        Properties compose = new Properties();
        Path base = Path.of("").toAbsolutePath();
        String origin = "default";
        if (configFile != null) {
            Path file = configFile.toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new SettingsException("settings file " + file + " does not exist; create one with `inkstone init DIR`");
            }
            base = file.getParent();
            origin = file.getFileName().toString();
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new SettingsException("cannot read settings file " + file + ": " + e.getMessage(), e);
            }
            for (String key : new TreeMap<>(toMap(properties)).keySet()) {
                String value = properties.getProperty(key).strip();
                Setting setting = Setting.of(key);
                if (setting != null) values.put(setting, value);
                else if (key.startsWith("camel.")) camel.put(key, value);
                else if (key.startsWith(ComposeSettings.PROPERTY_PREFIX)) compose.setProperty(key, value);
                else throw new SettingsException(file + ": unknown setting '" + key + "'; known settings: "
                        + String.join(", ", Arrays.stream(Setting.values()).map(Setting::key).toList())
                        + " (and " + ComposeSettings.PROPERTY_PREFIX + "* for long pieces, camel.* for Apache Camel)");
            }
        }
        Values parser = new Values(values, overrides, base, origin);
        return new PipelineSettings(
                configFile == null ? null : configFile.toAbsolutePath().normalize(),
                parser.path(Setting.INBOX),
                parser.path(Setting.VAULT),
                parser.modelReference(),
                new GeneratorOptions(parser.oneOf(Setting.MODEL_DTYPE, DTYPES),
                        (int) parser.number(Setting.MODEL_CONTEXT_LENGTH, 0, 1 << 20),
                        (int) parser.number(Setting.MODEL_THREADS, 0, 1024),
                        (int) parser.number(Setting.MODEL_MAX_BATCH, 1, 64)),
                parser.optionalPath(Setting.TEMPLATES),
                parser.routes(),
                parser.text(Setting.VAULT_FOLDER),
                parser.text(Setting.VAULT_ATTACHMENTS),
                parser.naming(),
                parser.exportFormats(),
                new ExportSettings(EngineChoice.parse(parser.oneOf(Setting.EXPORT_ENGINE, EXPORT_ENGINES)),
                        parser.optionalPath(Setting.EXPORT_FONT), parser.optionalPath(Setting.EXPORT_CSS)),
                composeSettings(compose, origin),
                (int) parser.number(Setting.CONCURRENCY, 1, 64),
                parser.number(Setting.INBOX_STABLE_MILLIS, 0, 3_600_000),
                parser.number(Setting.INBOX_POLL_MILLIS, 10, 3_600_000),
                parser.number(Setting.SCHEDULES_SCAN_MILLIS, 10, 3_600_000),
                java.time.Duration.ofSeconds(parser.number(Setting.SCHEDULE_MIN_INTERVAL, 1, 31_536_000)),
                (int) parser.number(Setting.RESUME_MAX_ATTEMPTS, 0, 100),
                (int) parser.number(Setting.SHUTDOWN_TIMEOUT_SECONDS, 1, 3600),
                camel,
                parser.text(Setting.HTTP_HOST),
                (int) parser.number(Setting.HTTP_PORT, 0, 65535),
                QueueSettings.of(parser.text(Setting.BROKER_URL), parser.text(Setting.BROKER_USER),
                        parser.text(Setting.BROKER_PASSWORD), parser.text(Setting.BROKER_QUEUE_PREFIX),
                        (int) parser.number(Setting.BROKER_MAX_ATTEMPTS, 1, 100), System::getenv));
    }

    private static ComposeSettings composeSettings(Properties properties, String origin) {
        try {
            return ComposeSettings.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(origin + ": " + e.getMessage(), e);
        }
    }

    /** Finds {@code inkstone.properties}: {@code path} itself when it is a file, inside it when it is a folder. */
    public static Path configIn(Path path) {
        return Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    }

    public InboxFolders folders() { return InboxFolders.of(inbox); }

    /**
     * The prompt templates: the built-ins plus the {@code inkstone.templates} folder, or (when that is not set) the
     * folder {@link TemplateLibrary#standard()} finds.
     */
    public TemplateLibrary templateLibrary() {
        return templates == null ? TemplateLibrary.standard() : TemplateLibrary.load(templates);
    }

    /** The same settings with another broker (the {@code --queue} option). */
    public PipelineSettings withBroker(QueueSettings b) {
        return new PipelineSettings(configFile, inbox, vault, model, engine, templates, routes, vaultFolder, attachmentsFolder,
                naming, exportFormats, exports, compose, concurrency, stableMillis, pollMillis, scheduleScanMillis, scheduleMinInterval,
                resumeMaxAttempts, shutdownTimeoutSeconds, camelProperties, httpHost, httpPort, b);
    }

    public VaultSettings vaultSettings() { return new VaultSettings(vault, vaultFolder, attachmentsFolder, naming); }

    /** The {@code inkstone.*} values the route files use as {@code {{placeholders}}}, paths made absolute. */
    public Map<String, String> placeholders() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(Setting.INBOX.key(), folders().inbox().toString());
        p.put(Setting.CONCURRENCY.key(), Integer.toString(concurrency));
        p.put(Setting.INBOX_STABLE_MILLIS.key(), Long.toString(stableMillis));
        // check for changes four times within the stable time, at least every 10 ms
        p.put("inkstone.inbox.checkMillis", Long.toString(Math.max(10, stableMillis / 4)));
        // a file still changing after this long is skipped for now (and tried again at the next poll)
        p.put("inkstone.inbox.lockTimeoutMillis", Long.toString(stableMillis * 3 + 10_000));
        p.put(Setting.INBOX_POLL_MILLIS.key(), Long.toString(pollMillis));
        p.put(Setting.SCHEDULES_SCAN_MILLIS.key(), Long.toString(scheduleScanMillis));
        return p;
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) map.put(key, properties.getProperty(key));
        return map;
    }

    /** Reads typed values, naming the key and where it came from in every error. */
    private record Values(Map<Setting, String> fromFile, Map<Setting, String> overrides, Path base, String origin) {

        String raw(Setting s) {
            if (overrides.containsKey(s)) return overrides.get(s).strip();
            return fromFile.getOrDefault(s, s.defaultValue());
        }

        String where(Setting s) {
            if (overrides.containsKey(s)) return "command line: " + s.key();
            return (fromFile.containsKey(s) ? origin : "default") + ": " + s.key();
        }

        Path path(Setting s) {
            String value = raw(s);
            if (value.isEmpty()) throw new SettingsException(where(s) + " is empty; it needs a folder");
            return resolve(s, value);
        }

        /** A URL-like {@code scheme:...} reference (a remote model) as written; anything else is a folder. */
        String modelReference() {
            String value = raw(Setting.MODEL);
            if (value.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !value.matches("^[a-zA-Z]:[\\\\/].*")) return value;
            return path(Setting.MODEL).toString();
        }

        Path optionalPath(Setting s) {
            String value = raw(s);
            return value.isEmpty() ? null : resolve(s, value);
        }

        private Path resolve(Setting s, String value) {
            if (s == Setting.MODEL && io.inkstone.llm.hub.HubCache.meansHub(value) && !Files.isDirectory(base.resolve(value))
                    && (overrides.containsKey(s) || io.inkstone.llm.hub.HubCache.standard().find(value).isPresent())) {
                // a Hugging Face repo id (in the hub cache, or given on the command line): the model backend finds it there
                return Path.of(value);
            }
            Path p = Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
            Path relativeTo = overrides.containsKey(s) ? Path.of("").toAbsolutePath() : base;
            return relativeTo.resolve(p).toAbsolutePath().normalize();
        }

        String text(Setting s) {
            return raw(s);
        }

        long number(Setting s, long min, long max) {
            String value = raw(s);
            try {
                long n = Long.parseLong(value);
                if (n < min || n > max) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw new SettingsException(where(s) + "=" + value + ": must be a whole number from " + min + " to " + max);
            }
        }

        String oneOf(Setting s, List<String> allowed) {
            String value = raw(s).toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new SettingsException(where(s) + "=" + raw(s) + ": must be one of " + String.join(", ", allowed));
            }
            return value;
        }

        NamingPattern naming() {
            try {
                return new NamingPattern(raw(Setting.VAULT_NAMING));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(where(Setting.VAULT_NAMING) + ": " + e.getMessage(), e);
            }
        }

        List<ExportFormat> exportFormats() {
            String value = raw(Setting.EXPORT_FORMATS).toLowerCase(Locale.ROOT);
            List<ExportFormat> formats = new ArrayList<>();
            if (value.isEmpty() || value.equals("none")) return formats;
            for (String part : value.split("[,\\s]+")) {
                if (part.isEmpty()) continue;
                ExportFormat format = Arrays.stream(ExportFormat.values()).filter(f -> f.extension().equals(part)).findFirst()
                        .orElseThrow(() -> new SettingsException(where(Setting.EXPORT_FORMATS) + "=" + raw(Setting.EXPORT_FORMATS)
                                + ": unknown format '" + part + "'; use pdf, epub, pdf,epub or none"));
                if (!formats.contains(format)) formats.add(format);
            }
            return formats;
        }

        Path routes() {
            Path dir = optionalPath(Setting.ROUTES);
            if (dir == null) dir = installationHome().resolve("routes");
            return dir;
        }
    }

    /**
     * The Inkstone installation folder: system property {@code inkstone.home} (set by {@code bin/inkstone}), else
     * {@code inkstone.project.dir} (set for tests), else the working folder.
     */
    public static Path installationHome() {
        String home = System.getProperty("inkstone.home");
        if (home == null || home.isBlank()) home = System.getProperty("inkstone.project.dir");
        return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
    }
}
