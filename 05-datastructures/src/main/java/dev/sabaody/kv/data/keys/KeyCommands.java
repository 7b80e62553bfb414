package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The keys commands: one class per command (or per small family), registered here. */
public final class KeyCommands {

    private KeyCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(Flush.flushdb())
                .add(Flush.flushall());
    }
}
