package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The bloom commands: one class per command (or per small family), registered here. */
public final class BloomCommands {

    private BloomCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
