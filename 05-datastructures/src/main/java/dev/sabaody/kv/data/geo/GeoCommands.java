package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The geo commands: one class per command (or per small family), registered here. */
public final class GeoCommands {

    private GeoCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table;
    }
}
