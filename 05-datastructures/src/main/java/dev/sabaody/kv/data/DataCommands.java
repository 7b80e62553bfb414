package dev.sabaody.kv.data;

import dev.sabaody.kv.data.bitmaps.BitmapCommands;
import dev.sabaody.kv.data.bloom.BloomCommands;
import dev.sabaody.kv.data.cms.CountMinSketchCommands;
import dev.sabaody.kv.data.geo.GeoCommands;
import dev.sabaody.kv.data.hashes.HashCommands;
import dev.sabaody.kv.data.hll.HyperLogLogCommands;
import dev.sabaody.kv.data.keys.KeyCommands;
import dev.sabaody.kv.data.lists.ListCommands;
import dev.sabaody.kv.data.sets.SetCommands;
import dev.sabaody.kv.data.strings.StringCommands;
import dev.sabaody.kv.data.tx.TransactionCommands;
import dev.sabaody.kv.data.zsets.SortedSetCommands;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.Commands;

/**
 * Module 05's command table: module 04's connection commands, then every data command, family by
 * family. Adding a command is one class in its family's package and one line in that family's
 * {@code register}.
 */
public final class DataCommands {

    private DataCommands() {
    }

    public static CommandTable<Db> table() {
        CommandTable<Db> table = Commands.connection(new CommandTable<Db>());
        StringCommands.register(table);
        KeyCommands.register(table);
        TransactionCommands.register(table);
        HashCommands.register(table);
        ListCommands.register(table);
        SetCommands.register(table);
        SortedSetCommands.register(table);
        BitmapCommands.register(table);
        GeoCommands.register(table);
        HyperLogLogCommands.register(table);
        BloomCommands.register(table);
        CountMinSketchCommands.register(table);
        dev.sabaody.kv.data.streams.StreamCommands.register(table);
        return table;
    }
}
