package dev.sabaody.kv.data.bitmaps;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The bitmap commands (Redis's bitops.c): strings read and written as arrays of bits, and as packed
 * integers of any width (BITFIELD). See {@link Bits} for the bit order.
 */
public final class BitmapCommands {

    private BitmapCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(SetBit.setbit())
                .add(SetBit.getbit())
                .add(BitScans.bitcount())
                .add(BitScans.bitpos())
                .add(BitOp.spec())
                .add(BitField.bitfield())
                .add(BitField.bitfieldRo());
    }
}
