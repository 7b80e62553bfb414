package dev.sabaody.kv.resp;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO: the subcommands of client-side caching. Their
 * rows belong to CLIENT's table here; what they do belongs to the engine that remembers keys and
 * sends invalidations, which lives where the keyspace and the connections meet (final-server's
 * pubsub package). It plugs itself in with {@link Clients#setTracking}; a server without it
 * answers as a server with tracking never turned on ({@link #NONE}).
 */
public interface ClientTracking {

    void tracking(CommandContext<?> ctx);

    void caching(CommandContext<?> ctx);

    void getRedir(CommandContext<?> ctx);

    void trackingInfo(CommandContext<?> ctx);

    /** No engine: tracking cannot be turned on; the questions get the answers of a client that never tracked. */
    ClientTracking NONE = new ClientTracking() {
        @Override
        public void tracking(CommandContext<?> ctx) {
            if (ctx.argv().equalsIgnoreCase(2, "off")) {
                ctx.reply().ok();
            } else {
                ctx.reply().error("client-side caching is not available on this server");
            }
        }

        @Override
        public void caching(CommandContext<?> ctx) {
            ctx.reply().error("CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled");
        }

        @Override
        public void getRedir(CommandContext<?> ctx) {
            ctx.reply().integer(-1);
        }

        @Override
        public void trackingInfo(CommandContext<?> ctx) {
            ctx.reply().mapHeader(3);
            ctx.reply().bulkString("flags");
            ctx.reply().setHeader(1);
            ctx.reply().bulkString("off");
            ctx.reply().bulkString("redirect");
            ctx.reply().integer(-1);
            ctx.reply().bulkString("prefixes");
            ctx.reply().arrayHeader(0);
        }
    };
}
