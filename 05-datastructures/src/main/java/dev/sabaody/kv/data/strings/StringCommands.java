package dev.sabaody.kv.data.strings;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The strings commands: one class per command (or per small family), registered here. */
public final class StringCommands {

    private StringCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(Get.spec())
                .add(Set.spec());
    }
}
