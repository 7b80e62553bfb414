package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The stream commands (t_stream.c), on {@link StreamValue}: one class per command or per small
 * family, registered here. The lesson is {@code docs/streams.md}.
 */
public final class StreamCommands {

    private StreamCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(XAdd.xadd())
                .add(XAdd.xtrim())
                .add(XRange.xrange())
                .add(XRange.xrevrange())
                .add(XLen.xlen())
                .add(XLen.xdel())
                .add(XRead.xread())
                .add(XRead.xreadgroup())
                .add(XGroup.spec())
                .add(XAck.spec())
                .add(XPending.spec())
                .add(XClaim.spec())
                .add(XAutoClaim.spec())
                .add(XInfo.spec())
                .add(XSetId.spec());
    }
}
