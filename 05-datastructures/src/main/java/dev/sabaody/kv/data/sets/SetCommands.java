package dev.sabaody.kv.data.sets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The set commands (t_set.c), on {@link SetValue}: a sorted intset for small sets of integers, a
 * {@link dev.sabaody.kv.data.Dict} otherwise. One class per command or per family.
 */
public final class SetCommands {

    private SetCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(SAdd.sadd())
                .add(SAdd.srem())
                .add(SIsMember.sismember())
                .add(SIsMember.smismember())
                .add(SIsMember.scard())
                .add(SInter.smembers())
                .add(SPop.spec())
                .add(SRandMember.spec())
                .add(SMove.spec())
                .add(SInter.sinter())
                .add(SInter.sintercard())
                .add(SInter.sinterstore())
                .add(SUnionDiff.sunion())
                .add(SUnionDiff.sunionstore())
                .add(SUnionDiff.sdiff())
                .add(SUnionDiff.sdiffstore())
                .add(SScan.spec());
    }
}
