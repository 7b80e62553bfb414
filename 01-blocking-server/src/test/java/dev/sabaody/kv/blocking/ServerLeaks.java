package dev.sabaody.kv.blocking;

import java.io.IOException;

/** Helpers for the leak checks: counting what a server holds once its clients are gone. */
final class ServerLeaks {

    private ServerLeaks() {
    }

    /**
     * Runs one server through a full life (start, a client, close) so that what the JVM opens once
     * and keeps (class files, the selector's descriptors) is open before a test takes its baseline.
     */
    static void warmUp() throws Exception {
        ThreadPerConnection dispatcher = new ThreadPerConnection();
        try (BlockingServer server = new BlockingServer(BlockingServer.Config.onPort(0), new Store(), dispatcher).start()) {
            // from a virtual thread too: the JDK opens its socket pollers (epoll descriptors) on first use
            Thread client = Thread.ofVirtual().start(() -> {
                try (LineClient c = new LineClient(server.port())) {
                    c.call("PING");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client.join();
        }
        Await.equal("warm-up threads", 0, dispatcher::liveThreads);
    }
}
