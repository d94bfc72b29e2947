package io.inkstone.llm.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Downloads a model repository from the Hugging Face hub into the {@link HubCache} layout ({@code blobs/},
 * {@code snapshots/COMMIT/}, {@code refs/REVISION}), as {@code huggingface_hub} does, so other tools find it too.
 * Interrupted files are resumed with HTTP {@code Range} (in the same run after a dropped connection, and in the next
 * run from {@code blobs/HASH.incomplete}); every file is checked against the hash the hub publishes (sha256 of LFS
 * files, the git blob sha1 of small ones) before it counts as complete.
 */
public final class ModelPuller {

    /** Where a pull stands, for a progress line. */
    public interface Progress {
        /** {@code done} of {@code total} bytes of the whole pull; {@code file} is the file being fetched. */
        void progress(String file, long done, long total);

        Progress NONE = (file, done, total) -> {};
    }

    /** What a pull did. */
    public record Result(Path snapshot, String commit, int files, int downloaded, long bytesDownloaded) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SAFE_FILE = Pattern.compile("[A-Za-z0-9._-][A-Za-z0-9._/-]*");
    private static final int MAX_REDIRECTS = 5;

    private final HubCache cache;
    private final URI endpoint;
    private final String token;
    private final HttpClient http;
    private final int attempts;

    /**
     * @param endpoint the hub ({@code https://huggingface.co}, or {@code HF_ENDPOINT})
     * @param token    a Bearer token ({@code HF_TOKEN}) or null
     * @param attempts tries per file before a dropped connection is an error (each try resumes)
     */
    public ModelPuller(HubCache cache, URI endpoint, String token, int attempts) {
        this.cache = cache;
        String e = endpoint.toString();
        this.endpoint = URI.create(e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.attempts = Math.max(1, attempts);
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** {@code HF_ENDPOINT} (default {@code https://huggingface.co}) and {@code HF_TOKEN} from the environment. */
    public static ModelPuller fromEnvironment(HubCache cache, Map<String, String> env) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", "https://huggingface.co");
        return new ModelPuller(cache, URI.create(endpoint.isBlank() ? "https://huggingface.co" : endpoint.strip()), env.get("HF_TOKEN"), 5);
    }

    /**
     * Downloads every file of {@code repoId} at {@code revision} that the cache lacks.
     *
     * @throws HubException saying what failed and what to do
     */
    public Result pull(String repoId, String revision, Progress progress) throws HubException {
        if (!HubCache.isRepoId(repoId)) throw new HubException("not a Hugging Face repo id: '" + repoId + "' (expected org/name, e.g. Qwen/Qwen3-4B-Instruct-2507)");
        try {
            HubCache.checkRevision(revision);
        } catch (IllegalArgumentException e) {
            throw new HubException(e.getMessage());
        }
        JsonNode info = fetchInfo(repoId, revision);
        String commit = info.path("sha").asText("");
        if (!SHA1.matcher(commit).matches()) throw new HubException(repoId + "@" + revision + ": the hub's answer has no commit hash (\"sha\")");
        List<RemoteFile> files = new ArrayList<>();
        for (JsonNode sibling : info.path("siblings")) {
            String name = sibling.path("rfilename").asText("");
            if (!SAFE_FILE.matcher(name).matches() || name.contains("..") || name.contains("//")) {
                throw new HubException(repoId + ": refusing the file name '" + name + "' from the hub (it would leave the cache folder)");
            }
            JsonNode lfs = sibling.path("lfs");
            String sha256 = lfs.path("sha256").asText(null);
            long size = lfs.has("size") ? lfs.path("size").asLong() : sibling.path("size").asLong(-1);
            files.add(new RemoteFile(name, sha256, sibling.path("blobId").asText(null), size));
        }
        if (files.isEmpty()) throw new HubException(repoId + "@" + revision + ": the hub lists no files");

        Path repo = cache.repoFolder(repoId);
        Path blobs = repo.resolve("blobs");
        Path snapshot = repo.resolve("snapshots").resolve(commit);
        long total = files.stream().mapToLong(f -> Math.max(0, f.size)).sum();
        long[] done = {0};
        int downloaded = 0;
        long bytesDownloaded = 0;
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(snapshot);
            for (RemoteFile file : files) {
                Path link = snapshot.resolve(file.name).normalize();
                if (!link.startsWith(snapshot)) throw new HubException(repoId + ": refusing the file name '" + file.name + "'");
                String known = file.expectedHash();
                long before = done[0];
                Download d;
                if (known != null && Files.isRegularFile(blobs.resolve(known))) {
                    d = new Download(blobs.resolve(known), Files.size(blobs.resolve(known)), 0); // complete blobs were verified when they were stored
                    progress.progress(file.name, before + Math.max(0, file.size), total);
                } else {
                    d = download(repoId, commit, file, blobs, n -> progress.progress(file.name, before + n, total));
                }
                done[0] = before + Math.max(0, file.size < 0 ? d.size : file.size);
                if (d.fetchedBytes > 0) downloaded++;
                bytesDownloaded += d.fetchedBytes;
                Files.createDirectories(link.getParent());
                Files.deleteIfExists(link);
                try {
                    Files.createSymbolicLink(link, link.getParent().relativize(d.blob));
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(d.blob, link, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!HubCache.isCommit(revision)) {
                Path ref = repo.resolve("refs").resolve(revision);
                Files.createDirectories(ref.getParent());
                Path tmp = ref.resolveSibling(ref.getFileName() + ".tmp");
                Files.writeString(tmp, commit, StandardCharsets.UTF_8);
                Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new HubException("writing into " + repo + " failed: " + e.getMessage() + " (check free disk space and permissions; run the pull again to resume)", e);
        }
        return new Result(snapshot, commit, files.size(), downloaded, bytesDownloaded);
    }

    private record RemoteFile(String name, String sha256, String blobId, long size) {
        String expectedHash() {
            return sha256 != null ? sha256 : blobId;
        }
    }

    private record Download(Path blob, long size, long fetchedBytes) {}

    private interface Counter {
        void bytes(long fileBytesSoFar);
    }

    private JsonNode fetchInfo(String repoId, String revision) throws HubException {
        URI uri = URI.create(endpoint + "/api/models/" + repoId + "/revision/" + URLEncoder.encode(revision, StandardCharsets.UTF_8) + "?blobs=true");
        try {
            HttpResponse<InputStream> response = send(uri, null);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 401 || status == 403) {
                    throw new HubException(repoId + ": the hub refused access (HTTP " + status + "): a gated or private repo needs HF_TOKEN set to a token "
                            + "that has accepted its licence");
                }
                if (status == 404) throw new HubException(repoId + "@" + revision + " is not on " + endpoint + " (HTTP 404): check the repo id and revision");
                if (status != 200) throw new HubException(repoId + ": the hub answered HTTP " + status + " for " + uri + "; try again later");
                return JSON.readTree(body);
            }
        } catch (IOException e) {
            throw new HubException("cannot reach " + endpoint + ": " + e.getMessage() + " (check the network, or HF_ENDPOINT for a mirror)", e);
        }
    }

    /** GETs {@code uri}, following redirects by hand so that the token never goes to another host (the hub's CDN). */
    private HttpResponse<InputStream> send(URI uri, String range) throws IOException, HubException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(Duration.ofMinutes(5)).header("User-Agent", "inkstone");
            if (token != null && sameHost(current, endpoint)) request.header("Authorization", "Bearer " + token);
            if (range != null) request.header("Range", range);
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                response.body().close();
                if (location == null) throw new HubException("the hub redirected " + current + " without a Location");
                current = current.resolve(location);
                continue;
            }
            return response;
        }
        throw new HubException("too many redirects from " + uri);
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort() && a.getScheme().equals(b.getScheme());
    }

    /** The file's hash from the first answer's headers when the API did not give one (X-Linked-Etag, else ETag). */
    private String headerHash(HttpResponse<?> response) {
        for (String header : List.of("X-Linked-Etag", "ETag")) {
            String v = response.headers().firstValue(header).orElse("").replace("W/", "").replace("\"", "").strip().toLowerCase(Locale.ROOT);
            if (SHA256.matcher(v).matches() || SHA1.matcher(v).matches()) return v;
        }
        return null;
    }

    private Download download(String repoId, String commit, RemoteFile file, Path blobs, Counter counter) throws HubException, IOException {
        URI uri = URI.create(endpoint + "/" + repoId + "/resolve/" + commit + "/"
                + String.join("/", java.util.Arrays.stream(file.name.split("/")).map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20")).toList()));
        String expected = file.expectedHash();
        if (expected != null && !(SHA256.matcher(expected).matches() || SHA1.matcher(expected).matches())) expected = null;
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Path partial = expected == null ? blobs.resolve(".pending-" + file.name.replace('/', '_') + ".incomplete") : blobs.resolve(expected + ".incomplete");
            long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
            if (file.size >= 0 && have > file.size) {
                Files.delete(partial);
                have = 0;
            }
            long fetched = 0;
            try {
                HttpResponse<InputStream> response = send(uri, have > 0 ? "bytes=" + have + "-" : null);
                int status = response.statusCode();
                try (InputStream body = response.body()) {
                    if (status == 416 && have > 0 && have == file.size) {
                        // the partial file is already whole: fall through to the check
                    } else if (status == 401 || status == 403) {
                        throw new HubException(repoId + "/" + file.name + ": access refused (HTTP " + status + "): set HF_TOKEN to a token that may read this repo");
                    } else if (status != 200 && status != 206) {
                        throw new HubException(repoId + "/" + file.name + ": the hub answered HTTP " + status + "; run the pull again later (it resumes)");
                    } else {
                        if (expected == null) {
                            expected = headerHash(response);
                        }
                        boolean append = status == 206 && have > 0;
                        if (!append) have = 0;
                        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                            byte[] buffer = new byte[1 << 16];
                            int n;
                            while ((n = body.read(buffer)) >= 0) {
                                out.write(buffer, 0, n);
                                fetched += n;
                                counter.bytes(have + fetched);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                last = e;
                continue; // resume from what arrived
            }
            long size = Files.size(partial);
            if (file.size >= 0 && size < file.size) {
                last = new IOException("connection closed after " + size + " of " + file.size + " bytes");
                continue;
            }
            String actual = expected != null && SHA1.matcher(expected).matches() && file.sha256 == null ? gitBlobSha1(partial) : sha256(partial);
            if (expected == null) {
                throw new HubException(repoId + "/" + file.name + ": the hub published no checksum for this file, so it cannot be verified; "
                        + "nothing was kept (" + partial.getFileName() + " removed)", null, partial);
            }
            if (!actual.equals(expected)) {
                Files.deleteIfExists(partial);
                throw new HubException(repoId + "/" + file.name + ": checksum mismatch: the hub says " + expected + ", the download is " + actual
                        + "; the bad file was removed and not kept. Run the pull again; if it repeats, the mirror (HF_ENDPOINT) or a proxy is "
                        + "altering files");
            }
            Path blob = blobs.resolve(expected);
            Files.move(partial, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Download(blob, size, fetched);
        }
        throw new HubException(repoId + "/" + file.name + ": the download broke off " + attempts + " times (" + (last == null ? "?" : last.getMessage())
                + "); what arrived is kept and the next `inkstone model pull " + repoId + "` resumes it", last);
    }

    static String sha256(Path file) throws IOException {
        return digest(file, "SHA-256", null);
    }

    /** git's object id of a file: sha1 of {@code "blob SIZE\0"} and the content (the hub's blobId of small files). */
    static String gitBlobSha1(Path file) throws IOException {
        return digest(file, "SHA-1", ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    private static String digest(Path file, String algorithm, byte[] header) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (header != null) md.update(header);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
