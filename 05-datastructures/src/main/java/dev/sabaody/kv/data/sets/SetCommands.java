package dev.sabaody.kv.data.sets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The sets commands: one class per command (or per small family), registered here. */
public final class SetCommands {

    private SetCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
