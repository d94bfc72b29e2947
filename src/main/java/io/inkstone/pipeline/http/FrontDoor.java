package io.inkstone.pipeline.http;

import io.inkstone.llm.Generator;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Inkstone's HTTP server: Camel's own platform-http server (Vert.x), started and stopped with the Camel context, serving
 * the OpenAI-compatible API and the dashboard behind one {@link Guard}. Add it to a context with
 * {@code context.addService(frontDoor)}.
 */
public final class FrontDoor extends ServiceSupport implements CamelContextAware {

    private final HttpOptions options;
    private final Supplier<Generator> generator;
    private final Guard guard;
    private final List<Consumer<Router>> extras = new ArrayList<>();
    private CamelContext context;
    private VertxPlatformHttpServer server;
    private ExecutorService workers;
    private int port;
    private Consumer<String> announce = url -> {};

    /**
     * @param generator the loaded model (null while it loads: the API answers 503 then)
     */
    public FrontDoor(HttpOptions options, Supplier<Generator> generator) {
        this.options = options;
        this.generator = generator;
        this.guard = new Guard(options.token());
    }

    /** Called with the URL once the server listens. */
    public FrontDoor whenListening(Consumer<String> announce) {
        this.announce = announce;
        return this;
    }

    /** Routes installed after the guard and the API (the dashboard). */
    public FrontDoor with(Consumer<Router> routes) {
        extras.add(routes);
        return this;
    }

    Guard guard() {
        return guard;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    /** The port actually bound (differs from the option when it was 0). */
    public int port() {
        return port;
    }

    /** {@code http://HOST:PORT/}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        if (host.equals("0.0.0.0")) host = "127.0.0.1";
        return "http://" + host + ":" + port + "/";
    }

    @Override
    protected void doStart() throws Exception {
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost(options.host());
        configuration.setBindPort(options.port());
        configuration.setMaxBodySize(options.maxBodyBytes());
        server = new VertxPlatformHttpServer(configuration);
        server.setCamelContext(context);
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve on " + options.host() + ":" + options.port() + ": " + rootMessage(e)
                    + " (pick another --port, or stop what uses it)", e);
        }
        port = server.getServer() != null ? server.getServer().actualPort() : options.port();
        VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(r -> r.getServer() == server).findFirst()
                .orElseThrow(() -> new IllegalStateException("Camel's HTTP server registered no router"));
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "inkstone-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "same-origin")
                    .putHeader("X-Frame-Options", "DENY");
            ctx.next();
        });
        router.route().handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()).setHandleFileUploads(false));
        router.route().handler(guard::handle);
        router.post("/login").handler(guard::login);
        router.get("/login").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(Pages.login(null)));
        new OpenAiApi(generator, workers).install(router);
        for (Consumer<Router> extra : extras) extra.accept(router);
        announce.accept(url());
    }

    /**
     * Runs this door in a Camel context of its own ({@code inkstone serve}, no routes): returns once it listens; closing the
     * result stops it.
     *
     * @throws IllegalStateException when the server cannot listen (the message says why and what to do)
     */
    public AutoCloseable startAlone(String name) {
        org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext();
        camel.getCamelContextExtension().setName(name);
        try {
            camel.addService(this);
            camel.start();
        } catch (Exception e) {
            camel.stop();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(rootMessage(e), e);
        }
        return camel::stop;
    }

    /** The blocking pool (generation, file reads) the dashboard shares. */
    ExecutorService workers() {
        return workers;
    }

    @Override
    protected void doStop() throws Exception {
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) server.stop();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
