package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The hashes commands: one class per command (or per small family), registered here. */
public final class HashCommands {

    private HashCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
