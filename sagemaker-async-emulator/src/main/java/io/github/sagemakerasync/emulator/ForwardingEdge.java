package io.github.sagemakerasync.emulator;

import java.net.URI;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;

/**
 * An API's HTTP edge in front of the server that implements the API (S3Proxy, ElasticMQ), on a port of its own: what
 * the edge lets through is forwarded by Jetty's reverse proxy, with the client's Host header and no Via or Forwarded
 * header, so that the server behind sees the request as the client sent and signed it.
 */
abstract class ForwardingEdge extends ProxyHandler.Reverse implements AutoCloseable {

    /**
     * Requests in flight at once, each on a thread of the edge while it waits out latency or a held gate, and on a
     * connection to the server behind: above any client's connection pool (the AWS SDK's async clients open up to 50),
     * so that the edge never queues what the service would serve, long polls of SQS included.
     */
    private static final int MAX_IN_FLIGHT = 512;

    private Server server;

    ForwardingEdge(URI upstream) {
        super(request -> HttpURI.build(request.getHttpURI()).scheme(upstream.getScheme()).host(upstream.getHost())
                .port(upstream.getPort()));
    }

    /** Starts listening on 127.0.0.1:{@code port} (0: a free port). */
    void listen(String threadName, int port) throws Exception {
        server = LoopbackServer.start(threadName, MAX_IN_FLIGHT, port, this);
    }

    @Override
    protected void configureHttpClient(HttpClient httpClient) {
        super.configureHttpClient(httpClient);
        httpClient.setMaxConnectionsPerDestination(MAX_IN_FLIGHT);
        httpClient.setMaxRequestsQueuedPerDestination(64 * 1024);
    }

    /** Where clients reach the API. */
    URI endpoint() {
        return URI.create("http://" + LoopbackServer.LOOPBACK + ":" + LoopbackServer.port(server));
    }

    @Override
    protected void addProxyHeaders(Request clientToProxyRequest, org.eclipse.jetty.client.Request proxyToServerRequest) {
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
