package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Clock;

/**
 * What all connections of a server share: the command table, the databases, the list of clients and
 * the clock. Each session reaches it through its {@link CommandContext}.
 *
 * <p>A server may cut its keyspace into slices, each owned by one thread (final-server's shards);
 * each slice then has a state of its own, with its own databases, and says which slice it is. A
 * server with one keyspace is slice 0 of 1.
 *
 * @param version what HELLO reports as the server version (see {@link Hello})
 * @param slice   which slice of the keyspace {@link #databases} are, 0 to {@code slices - 1}
 * @param slices  how many slices the keyspace is cut into ({@link SlicedCommand})
 * @param users   who may use the server ({@link Users}): shared by every slice
 * @param observer told of every command run or refused on this slice ({@link CommandObserver}): its own
 */
public record ServerState<D>(CommandTable<D> commands, Databases<D> databases, Clients clients,
                             Clock clock, String version, int slice, int slices, Users users,
                             CommandObserver observer) {

    /** The version HELLO reports: Redis's, so that clients enable the features they test it for. */
    public static final String REDIS_VERSION = "7.0.15";

    /** A slice that nobody observes. */
    public ServerState(CommandTable<D> commands, Databases<D> databases, Clients clients, Clock clock,
                       String version, int slice, int slices, Users users) {
        this(commands, databases, clients, clock, version, slice, slices, users, CommandObserver.NONE);
    }

    /** The state of a server whose keyspace is one slice. */
    public ServerState(CommandTable<D> commands, Databases<D> databases, Clients clients, Clock clock,
                       String version) {
        this(commands, databases, clients, clock, version, 0, 1, new Users(commands));
    }

    public ServerState(CommandTable<D> commands, Databases<D> databases, Clock clock) {
        this(commands, databases, new Clients(), clock, REDIS_VERSION);
    }
}
