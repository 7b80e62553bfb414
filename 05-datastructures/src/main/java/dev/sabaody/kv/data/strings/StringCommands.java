package dev.sabaody.kv.data.strings;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The string commands (Redis's t_string.c): a string is a {@code byte[]} in the keyspace, and these
 * read it, write it, treat it as a counter or compare two of them. The bitmap commands, which read
 * the same strings as bits, are in {@code bitmaps}.
 */
public final class StringCommands {

    private StringCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(Get.spec())
                .add(Set.spec())
                .add(SetShortcuts.setnx())
                .add(SetShortcuts.setex())
                .add(SetShortcuts.psetex())
                .add(GetEx.spec())
                .add(GetThenWrite.getdel())
                .add(GetThenWrite.getset())
                .add(MultiKey.mget())
                .add(MultiKey.mset())
                .add(MultiKey.msetnx())
                .add(Append.append())
                .add(Append.strlen())
                .add(Range.getrange())
                .add(Range.substr())
                .add(Range.setrange())
                .add(Counter.incr())
                .add(Counter.decr())
                .add(Counter.incrby())
                .add(Counter.decrby())
                .add(IncrByFloat.spec())
                .add(Lcs.spec());
    }
}
