package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The hash commands (t_hash.c), on {@link HashValue}: a small hash in insertion order, a big one in
 * a {@link dev.sabaody.kv.data.Dict}. One class per command or per family of near-identical ones.
 */
public final class HashCommands {

    private HashCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(HSet.spec())
                .add(HSet.hmsetSpec())
                .add(HSetNx.spec())
                .add(HGet.hget())
                .add(HGet.hmget())
                .add(HGet.hexists())
                .add(HGet.hstrlen())
                .add(HDel.spec())
                .add(HGetAll.hlen())
                .add(HGetAll.hkeys())
                .add(HGetAll.hvals())
                .add(HGetAll.hgetall())
                .add(HIncrBy.spec())
                .add(HIncrByFloat.spec())
                .add(HRandField.spec())
                .add(HScan.spec());
    }
}
