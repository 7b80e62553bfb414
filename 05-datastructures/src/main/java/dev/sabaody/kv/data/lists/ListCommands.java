package dev.sabaody.kv.data.lists;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The lists commands: one class per command (or per small family), registered here. */
public final class ListCommands {

    private ListCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
