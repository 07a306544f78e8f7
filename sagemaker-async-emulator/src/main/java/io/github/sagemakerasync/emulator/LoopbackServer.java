package io.github.sagemakerasync.emulator;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The emulator's HTTP servers: Jetty on 127.0.0.1 only, daemon threads, no Server header, header values as sent. */
final class LoopbackServer {

    static final String LOOPBACK = "127.0.0.1";

    private LoopbackServer() {
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} (0: a free port) serving {@code handler}.
     *
     * @param threads the name of its threads, and the most of them
     */
    static Server start(String threadName, int threads, int port, Handler handler) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
        pool.setName(threadName);
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // SigV4 signs header values as sent: Jetty's header cache would hand on "charset=UTF-8" as its cached "utf-8"
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(LOOPBACK);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return server;
    }

    /** The port a started server listens on. */
    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
