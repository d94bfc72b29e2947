package io.inkstone.brief;

import java.util.List;
import java.util.Map;

/**
 * Where and how the note is filed in the Obsidian vault.
 *
 * @param folder     folder inside the vault (relative, validated to stay inside), or null for the default
 * @param tags       Obsidian tags (no '#'; nested with '/')
 * @param aliases    note aliases
 * @param properties extra front-matter properties (string keys; scalar or list values)
 */
public record VaultOptions(String folder, List<String> tags, List<String> aliases, Map<String, Object> properties) {
    public VaultOptions {
        tags = tags == null ? List.of() : List.copyOf(tags);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
    }

    public static final VaultOptions DEFAULT = new VaultOptions(null, List.of(), List.of(), Map.of());
}
