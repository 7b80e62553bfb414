package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/** The sorted-set commands: one class per command or per small family, registered here. */
public final class SortedSetCommands {

    private SortedSetCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(ZAdd.zadd())
                .add(ZAdd.zincrby())
                .add(ZRead.zcard())
                .add(ZRead.zscore())
                .add(ZRead.zmscore())
                .add(ZRead.zrank())
                .add(ZRead.zrevrank())
                .add(ZRead.zcount())
                .add(ZRead.zlexcount())
                .add(ZRange.zrange())
                .add(ZRange.zrangestore())
                .add(ZRange.zrevrange())
                .add(ZRange.zrangebyscore())
                .add(ZRange.zrevrangebyscore())
                .add(ZRange.zrangebylex())
                .add(ZRange.zrevrangebylex())
                .add(ZRem.zrem())
                .add(ZRem.zremrangebyrank())
                .add(ZRem.zremrangebyscore())
                .add(ZRem.zremrangebylex())
                .add(ZPop.zpopmin())
                .add(ZPop.zpopmax())
                .add(ZPop.bzpopmin())
                .add(ZPop.bzpopmax())
                .add(ZPop.zmpop())
                .add(ZPop.bzmpop())
                .add(ZSetOps.zunion())
                .add(ZSetOps.zinter())
                .add(ZSetOps.zdiff())
                .add(ZSetOps.zunionstore())
                .add(ZSetOps.zinterstore())
                .add(ZSetOps.zdiffstore())
                .add(ZSetOps.zintercard())
                .add(ZRandMember.zrandmember())
                .add(ZScan.zscan());
    }
}
