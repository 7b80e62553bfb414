package dev.sabaody.kv.data.cms;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The cms commands: one class per command (or per small family), registered here. */
public final class CountMinSketchCommands {

    private CountMinSketchCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
