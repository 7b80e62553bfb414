package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Clock;

/**
 * What all connections of a server share: the command table, the databases, the list of clients and
 * the clock. Each session reaches it through its {@link CommandContext}.
 *
 * @param version what HELLO reports as the server version (see {@link Hello})
 */
public record ServerState<D>(CommandTable<D> commands, Databases<D> databases, Clients clients,
                             Clock clock, String version) {

    /** The version HELLO reports: Redis's, so that clients enable the features they test it for. */
    public static final String REDIS_VERSION = "7.0.15";

    public ServerState(CommandTable<D> commands, Databases<D> databases, Clock clock) {
        this(commands, databases, new Clients(), clock, REDIS_VERSION);
    }
}
