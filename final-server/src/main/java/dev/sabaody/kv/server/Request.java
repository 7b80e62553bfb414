package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandSpec;

/**
 * A command on its way away from its connection's loop: to the cross-shard coordinator, or into
 * the wait of a blocked client.
 *
 * @param spec     what to run
 * @param argv     its own copy of the arguments: the originals are slices of an input buffer that
 *                 the connection's loop reuses
 * @param client   in whose name it runs (selected database, transaction)
 * @param protocol RESP version its reply is written in
 */
record Request(CommandSpec<Db> spec, Argv argv, Client client, int protocol) {
}
