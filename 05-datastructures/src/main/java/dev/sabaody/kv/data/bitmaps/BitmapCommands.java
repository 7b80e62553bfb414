package dev.sabaody.kv.data.bitmaps;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The bitmaps commands: one class per command (or per small family), registered here. */
public final class BitmapCommands {

    private BitmapCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
