package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The keys commands: one class per command (or per small family), registered here. */
public final class KeyCommands {

    private KeyCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(Flush.flushdb())
                .add(Flush.flushall())
                .add(Del.del())
                .add(Del.unlink())
                .add(Exists.spec())
                .add(Type.spec())
                .add(Touch.spec())
                .add(Expire.expire())
                .add(Expire.pexpire())
                .add(Expire.expireat())
                .add(Expire.pexpireat())
                .add(Ttl.ttl())
                .add(Ttl.pttl())
                .add(Ttl.expiretime())
                .add(Ttl.pexpiretime())
                .add(Persist.spec())
                .add(Rename.rename())
                .add(Rename.renamenx())
                .add(Copy.spec())
                .add(Sort.spec()).add(SortRo.spec())
                .add(Move.spec())
                .add(Keys.spec())
                .add(Scan.spec())
                .add(RandomKey.spec())
                .add(DbSize.spec())
                .add(SwapDb.spec())
                .add(ObjectCommand.spec());
    }
}
