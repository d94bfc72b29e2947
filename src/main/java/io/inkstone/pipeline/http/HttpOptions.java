package io.inkstone.pipeline.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and how the dashboard and API are served.
 *
 * @param host         the address to bind ({@code 127.0.0.1} by default)
 * @param port         the TCP port (0 = any free port, for tests)
 * @param token        the access token, or null for none (allowed on loopback addresses only)
 * @param maxBodyBytes the largest request body accepted (larger ones get 413)
 */
public record HttpOptions(String host, int port, String token, long maxBodyBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8731;
    /** Request bodies: chats with long context fit, a flood does not. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;

    /**
     * @throws IllegalArgumentException when the port is out of range, or a non-loopback address is asked for without a
     *                                  token (the message names the missing token and how to give one)
     */
    public HttpOptions {
        if (host == null || host.isBlank()) host = DEFAULT_HOST;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        if (token != null && token.isBlank()) token = null;
        if (token != null && token.length() < 8) {
            throw new IllegalArgumentException("the access token (--token or INKSTONE_TOKEN) must have at least 8 characters");
        }
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("the body limit must be at least 1 KiB");
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve on " + host + " without an access token: anyone who can reach it could use "
                    + "the model and the desk. Pass --token T (or set INKSTONE_TOKEN), or bind --host 127.0.0.1");
        }
    }

    public static HttpOptions loopback(int port) {
        return new HttpOptions(DEFAULT_HOST, port, null, DEFAULT_MAX_BODY_BYTES);
    }

    /** True for 127.0.0.0/8, ::1 and {@code localhost}; unknown names count as not loopback. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
