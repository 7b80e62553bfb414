package dev.sabaody.kv.data.hll;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The hll commands: one class per command (or per small family), registered here. */
public final class HyperLogLogCommands {

    private HyperLogLogCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
