package io.inkstone.pipeline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkstone.cli.Main;
import io.inkstone.llm.Cancellation;
import io.inkstone.llm.GenerationListener;
import io.inkstone.llm.GenerationRequest;
import io.inkstone.llm.GenerationResult;
import io.inkstone.llm.Generator;
import io.inkstone.llm.StopReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Who gets in: the token, the login cookie, CSRF and Origin checks, body limits, the bind-address rule. */
class SecurityTest {

    /** A test double: answers "ok" at once (no model needed to test the door). */
    static final Generator ECHO = new Generator() {
        @Override
        public GenerationResult generate(GenerationRequest request, GenerationListener listener, Cancellation cancellation) {
            listener.onText("ok");
            return new GenerationResult("ok", "", StopReason.END_OF_SEQUENCE, 3, 1, List.of(1), new GenerationResult.Timings(0, 0));
        }

        @Override
        public String modelName() {
            return "echo";
        }

        @Override
        public int contextLength() {
            return 512;
        }
    };

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNonLoopbackAddressWithoutATokenRefusesToStartNamingTheToken() {
        assertThatThrownBy(() -> new HttpOptions("0.0.0.0", 0, null, HttpOptions.DEFAULT_MAX_BODY_BYTES))
                .hasMessageContaining("without an access token").hasMessageContaining("--token").hasMessageContaining("INKSTONE_TOKEN");

        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute("serve", "--host", "0.0.0.0", "--port", "0", "--model", "/nonexistent/model");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--token").contains("INKSTONE_TOKEN").doesNotContain("loading model");
        // loopback needs none
        assertThat(new HttpOptions("127.0.0.1", 0, null, HttpOptions.DEFAULT_MAX_BODY_BYTES).token()).isNull();
        assertThat(new HttpOptions("0.0.0.0", 0, "s3cret-token", HttpOptions.DEFAULT_MAX_BODY_BYTES).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void withATokenEveryRequestWithoutItGets401() throws Exception {
        FrontDoor door = new FrontDoor(new HttpOptions("127.0.0.1", 0, "s3cret-token", HttpOptions.DEFAULT_MAX_BODY_BYTES), () -> ECHO);
        try (AutoCloseable server = door.startAlone("security-token")) {
            String base = door.url();
            for (String path : List.of("v1/models", "", "assets/app.js", "desk/state", "nothing/here")) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)));
                assertThat(r.statusCode()).as(path).isEqualTo(401);
            }
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "v1/models")).header("Authorization", "Bearer wrong-token")).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(base + "v1/models")).header("Authorization", "Bearer s3cret-token"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"id\":\"echo\"");

            // the dashboard's login: a wrong token stays out, the right one gets an HttpOnly SameSite=Strict cookie
            String origin = base.substring(0, base.length() - 1);
            HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(base + "login")).header("Origin", origin)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=nope")));
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "login")).header("Origin", origin)
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=s3cret-token")));
            assertThat(login.statusCode()).isEqualTo(303);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            HttpResponse<String> withCookie = send(HttpRequest.newBuilder(URI.create(base + "v1/models")).header("Cookie", cookie.substring(0, cookie.indexOf(';'))));
            assertThat(withCookie.statusCode()).isEqualTo(200);
            // signed in, a state change without the CSRF token is still refused
            HttpResponse<String> csrfLess = send(HttpRequest.newBuilder(URI.create(base + "desk/stop")).header("Origin", origin)
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"claim\":\"x\"}")));
            assertThat(csrfLess.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void stateChangingRequestsNeedTheCsrfTokenAndTheOwnOrigin() throws Exception {
        FrontDoor door = new FrontDoor(HttpOptions.loopback(0), () -> ECHO);
        try (AutoCloseable server = door.startAlone("security-csrf")) {
            String base = door.url();
            String origin = base.substring(0, base.length() - 1);
            HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(URI.create(base + "desk/briefs")).header("Origin", origin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(noCsrf.statusCode()).isEqualTo(403);
            assertThat(noCsrf.body()).contains("CSRF");
            HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(base + "desk/briefs")).header("Origin", "https://evil.example")
                    .header("X-CSRF-Token", "guess").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(foreign.statusCode()).isEqualTo(403);
            // the API: JSON only, and no web page of another origin may call it
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions")).header("Content-Type", "application/json")
                    .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(403);
            // too large a body
            HttpResponse<String> huge = send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5 << 20) + "\"}]}")));
            assertThat(huge.statusCode()).isEqualTo(413);
        }
    }
}
