package dev.sabaody.kv.server;

import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.Commands;
import dev.sabaody.kv.resp.SimpleDb;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What the server stores and the commands that act on it: the one thing that changes as the data
 * modules land. Module 04 gives four string commands over a plain map; module 05 brings the keyspace
 * and every data type, and final-server swaps {@link #current()} without touching anything else.
 *
 * @param commands a fresh command table with every data command registered
 * @param newDatabase one empty database (each shard holds {@code databases} of them)
 * @param keyCount the keys a database holds (DBSIZE, INFO keyspace)
 */
record DataModel<D>(Supplier<CommandTable<D>> commands, Supplier<D> newDatabase, ToLongFunction<D> keyCount) {

    /** The most complete data model that exists today. */
    static DataModel<SimpleDb> current() {
        return new DataModel<>(Commands::module04, SimpleDb::new, SimpleDb::size);
    }
}
