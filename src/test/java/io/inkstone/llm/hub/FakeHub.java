package io.inkstone.llm.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process imitation of the Hugging Face hub's URL and header shapes: {@code /api/models/{repo}/revision/{rev}}
 * (with {@code siblings[].blobId} and {@code siblings[].lfs.sha256}), {@code /{repo}/resolve/{rev}/{file}} answering small
 * files directly (ETag = git blob id) and LFS files with a 302 to a "CDN" path (X-Linked-Etag, X-Linked-Size,
 * X-Repo-Commit), the CDN honouring {@code Range}. It can drop a connection mid-file and serve corrupted bytes.
 */
public final class FakeHub implements AutoCloseable {
    public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    record File(String name, byte[] content, boolean lfs) {}

    final String repo;
    final Map<String, File> files = new LinkedHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger dropsLeft = new AtomicInteger();
    volatile int dropAfterBytes;
    volatile boolean corrupt;
    private final HttpServer server;

    public FakeHub(String repo) throws IOException {
        this.repo = repo;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void add(String name, byte[] content, boolean lfs) {
        files.put(name, new File(name, content, lfs));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        try (ex) {
            if (path.equals("/api/models/" + repo + "/revision/main") || path.equals("/api/models/" + repo + "/revision/" + COMMIT)) {
                StringBuilder json = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[");
                String sep = "";
                for (File f : files.values()) {
                    json.append(sep).append("{\"rfilename\":\"").append(f.name).append("\",\"size\":").append(f.content.length)
                            .append(",\"blobId\":\"").append(gitSha1(f.content)).append('"');
                    if (f.lfs) {
                        json.append(",\"lfs\":{\"sha256\":\"").append(sha256(f.content)).append("\",\"size\":").append(f.content.length)
                                .append(",\"pointerSize\":134}");
                    }
                    json.append('}');
                    sep = ",";
                }
                json.append("]}");
                send(ex, 200, json.toString().getBytes(StandardCharsets.UTF_8), "application/json");
                return;
            }
            String resolve = "/" + repo + "/resolve/" + COMMIT + "/";
            if (path.startsWith(resolve)) {
                File f = files.get(path.substring(resolve.length()));
                if (f == null) {
                    ex.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                    send(ex, 404, "Entry not found".getBytes(StandardCharsets.UTF_8), "text/plain");
                    return;
                }
                ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
                if (f.lfs) {
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(f.content) + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size", Integer.toString(f.content.length));
                    ex.getResponseHeaders().add("ETag", "\"" + gitSha1(f.content) + "\"");
                    ex.getResponseHeaders().add("Location", "/cdn/" + sha256(f.content) + "?X-Amz-Signature=abc");
                    ex.sendResponseHeaders(302, -1);
                    return;
                }
                ex.getResponseHeaders().add("ETag", "\"" + gitSha1(f.content) + "\"");
                serve(ex, f.content);
                return;
            }
            if (path.startsWith("/cdn/")) {
                String hash = path.substring(5);
                for (File f : files.values()) {
                    if (f.lfs && sha256(f.content).equals(hash)) {
                        serve(ex, f.content);
                        return;
                    }
                }
            }
            send(ex, 404, "Repository not found".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
    }

    private void serve(HttpExchange ex, byte[] content) throws IOException {
        byte[] body = content;
        if (corrupt) {
            body = content.clone();
            body[body.length / 2] ^= 1;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) from = Integer.parseInt(range.substring(6, range.length() - 1));
        int length = body.length - from;
        ex.getResponseHeaders().add("Accept-Ranges", "bytes");
        if (from > 0) ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        ex.sendResponseHeaders(from > 0 ? 206 : 200, length);
        OutputStream out = ex.getResponseBody();
        if (dropsLeft.get() > 0 && length > dropAfterBytes) {
            dropsLeft.decrementAndGet();
            out.write(body, from, dropAfterBytes);
            out.flush();
            // a dropped connection: close the socket with the body incomplete
            throw new IOException("simulated drop");
        }
        out.write(body, from, length);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String gitSha1(byte[] content) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(md.digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
