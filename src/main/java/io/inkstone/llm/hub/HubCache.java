package io.inkstone.llm.hub;

import io.inkstone.llm.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Hugging Face hub cache, laid out as {@code huggingface_hub} lays it out, so that a model another tool downloaded
 * is found: {@code models--ORG--NAME/refs/REVISION} holds a commit hash, {@code models--ORG--NAME/snapshots/COMMIT/}
 * holds the files (links into {@code blobs/}). The cache is {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
 * {@code ~/.cache/huggingface/hub}.
 */
public final class HubCache {

    /** {@code org/name}: letters, digits, {@code - _ .}; no {@code ..}, at most 96 characters a part. */
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    /** A branch or tag name: no {@code ..}, no leading slash, no backslash. */
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._-][A-Za-z0-9._/-]{0,127}");

    private final Path root;

    public HubCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The cache the environment names. */
    public static HubCache standard() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /** {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else {@code HOME/.cache/huggingface/hub}. */
    public static HubCache fromEnvironment(Map<String, String> env, String userHome) {
        String hubCache = env.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) return new HubCache(Path.of(expandHome(hubCache, userHome)));
        String hfHome = env.get("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) return new HubCache(Path.of(expandHome(hfHome, userHome)).resolve("hub"));
        return new HubCache(Path.of(userHome, ".cache", "huggingface", "hub"));
    }

    private static String expandHome(String path, String userHome) {
        return path.startsWith("~/") ? userHome + path.substring(1) : path;
    }

    public Path root() {
        return root;
    }

    /** True for {@code org/name} (a Hugging Face repo id), false for anything else. */
    public static boolean isRepoId(String reference) {
        return reference != null && REPO_ID.matcher(reference).matches() && !reference.contains("..");
    }

    /** Throws when {@code revision} is not a usable branch, tag or commit name. */
    static String checkRevision(String revision) {
        if (revision == null || !REVISION.matcher(revision).matches() || revision.contains("..")) {
            throw new IllegalArgumentException("not a revision: '" + revision + "' (a branch such as main, a tag, or a 40-character commit hash)");
        }
        return revision;
    }

    static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** {@code models--Qwen--Qwen3-4B}. */
    public Path repoFolder(String repoId) {
        if (!isRepoId(repoId)) throw new IllegalArgumentException("not a Hugging Face repo id: '" + repoId + "' (expected org/name)");
        return root.resolve("models--" + repoId.replace("/", "--"));
    }

    /** The snapshot folder of {@code revision} (a branch, tag or commit), if the cache has one. */
    public Optional<Path> snapshot(String repoId, String revision) {
        checkRevision(revision);
        Path repo = repoFolder(repoId);
        String commit = revision;
        if (!isCommit(revision)) {
            Path ref = repo.resolve("refs").resolve(revision);
            if (!Files.isRegularFile(ref)) return Optional.empty();
            try {
                commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return Optional.empty();
            }
            if (!isCommit(commit)) return Optional.empty();
        }
        Path snapshot = repo.resolve("snapshots").resolve(commit);
        return Files.isDirectory(snapshot) ? Optional.of(snapshot) : Optional.empty();
    }

    /**
     * A model reference as a folder: an existing folder as it is; a repo id ({@code Qwen/Qwen3-4B-Instruct-2507}, or
     * {@code org/name@revision}) as its snapshot in this cache; anything else as a path (opening it then says what is
     * wrong).
     *
     * @throws ModelLoadException when a repo id is not in the cache, saying how to download it
     */
    public Path resolve(String reference) {
        Path asPath = pathOrNull(reference);
        if (asPath != null && Files.isDirectory(asPath)) return asPath;
        String repo = reference;
        String revision = "main";
        int at = reference.lastIndexOf('@');
        if (at > 0) {
            repo = reference.substring(0, at);
            revision = reference.substring(at + 1);
        }
        if (!isRepoId(repo)) return asPath != null ? asPath : Path.of(reference);
        try {
            checkRevision(revision);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("model '" + reference + "': " + e.getMessage());
        }
        Optional<Path> found = snapshot(repo, revision);
        if (found.isPresent()) return found.get();
        throw new ModelLoadException("model '" + reference + "' is neither a model folder (none at " + (asPath == null ? reference
                : asPath.toAbsolutePath()) + ") nor in the "
                + "Hugging Face cache " + root + " (" + repoFolder(repo).getFileName() + "/refs/" + revision + "): download it with `inkstone model pull "
                + repo + (revision.equals("main") ? "" : " --revision " + revision) + "`, set HF_HUB_CACHE / HF_HOME to the cache that has it, or point --model / inkstone.model at the model folder");
    }

    /** The snapshot a repo id ({@code org/name} or {@code org/name@revision}) names in this cache, if it has one. */
    public Optional<Path> find(String reference) {
        if (reference == null) return Optional.empty();
        int at = reference.lastIndexOf('@');
        String repo = at > 0 ? reference.substring(0, at) : reference;
        String revision = at > 0 ? reference.substring(at + 1) : "main";
        if (!isRepoId(repo)) return Optional.empty();
        try {
            return snapshot(repo, revision);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@link #resolve} in the standard cache. */
    public static Path resolveModel(String reference) {
        return standard().resolve(reference);
    }

    /** True when {@code reference} is a repo id that is not an existing folder (so it means the hub cache). */
    public static boolean meansHub(String reference) {
        Path p = pathOrNull(reference);
        if (p != null && Files.isDirectory(p)) return false;
        int at = reference.lastIndexOf('@');
        return isRepoId(at > 0 ? reference.substring(0, at) : reference);
    }

    private static Path pathOrNull(String reference) {
        try {
            return Path.of(reference);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
