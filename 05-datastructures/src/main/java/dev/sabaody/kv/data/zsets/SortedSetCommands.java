package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The zsets commands: one class per command (or per small family), registered here. */
public final class SortedSetCommands {

    private SortedSetCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
