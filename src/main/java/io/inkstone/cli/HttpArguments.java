package io.inkstone.cli;

import io.inkstone.llm.Generator;
import io.inkstone.pipeline.PipelineSettings;
import io.inkstone.pipeline.http.FrontDoor;
import io.inkstone.pipeline.http.HttpOptions;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --host}, {@code --port}, {@code --token} of {@code run} and {@code serve}. */
final class HttpArguments {

    @Option(names = "--host", paramLabel = "ADDR",
            description = "address to serve the dashboard and API on (default: inkstone.http.host, else 127.0.0.1); any other than a loopback "
                    + "address needs a token")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "port of the dashboard and API (default: inkstone.http.port, else 8731)")
    Integer port;

    @Option(names = "--token", paramLabel = "T",
            description = "access token every request must carry (Authorization: Bearer T, or the dashboard's login); default: $INKSTONE_TOKEN. "
                    + "Prefer the environment variable: options are visible to other users in the process list")
    String token;

    /** The options, checked: a non-loopback address without a token is refused here, before the model loads. */
    HttpOptions options(PipelineSettings settings) {
        String t = token != null ? token : System.getenv("INKSTONE_TOKEN");
        try {
            return new HttpOptions(host != null ? host : settings.httpHost(), port != null ? port : settings.httpPort(), t,
                    HttpOptions.DEFAULT_MAX_BODY_BYTES);
        } catch (IllegalArgumentException e) {
            throw new ErrorHandler.UserFacingException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    FrontDoor frontDoor(HttpOptions options, Supplier<Generator> generator) {
        return new FrontDoor(options, generator);
    }
}
