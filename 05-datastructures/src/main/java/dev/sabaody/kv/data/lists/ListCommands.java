package dev.sabaody.kv.data.lists;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The list commands (t_list.c), on {@link ListValue}: one class per command or per small family,
 * registered here.
 */
public final class ListCommands {

    private ListCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(Push.lpush())
                .add(Push.rpush())
                .add(Push.lpushx())
                .add(Push.rpushx())
                .add(Pop.lpop())
                .add(Pop.rpop())
                .add(Llen.spec())
                .add(Lrange.spec())
                .add(Lindex.spec())
                .add(Lset.spec())
                .add(Linsert.spec())
                .add(Lrem.spec())
                .add(Ltrim.spec())
                .add(Lpos.spec())
                .add(Move.lmove())
                .add(Move.rpoplpush())
                .add(MultiPop.lmpop())
                .add(BlockingPop.blpop())
                .add(BlockingPop.brpop())
                .add(Move.blmove())
                .add(Move.brpoplpush())
                .add(MultiPop.blmpop());
    }
}
