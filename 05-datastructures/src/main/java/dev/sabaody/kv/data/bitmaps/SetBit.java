package dev.sabaody.kv.data.bitmaps;

import static dev.sabaody.kv.resp.AclCategory.BITMAP;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * SETBIT key offset 0|1 and GETBIT key offset: one bit, answering its old value. SETBIT grows the
 * string with zeros to reach the offset (SETBIT k 4294967295 1 makes a 512 MB string, as in Redis).
 */
final class SetBit {

    private static final String BAD_BIT = "bit is not an integer or out of range";

    private SetBit() {
    }

    static CommandSpec.Builder<Db> setbit() {
        return CommandSpec.<Db>command("setbit", 4, SetBit::setbit)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, BITMAP, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Sets or clears the bit at offset in the string value stored at key", "2.2.0",
                        "bitmap", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("offset", "integer"),
                        Arg.of("value", "integer")));
    }

    static CommandSpec.Builder<Db> getbit() {
        return CommandSpec.<Db>command("getbit", 3, SetBit::getbit)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, BITMAP, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns the bit value at offset in the string value stored at key", "2.2.0",
                        "bitmap", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("offset", "integer")));
    }

    private static void setbit(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long offset = Bits.offset(ctx, 2, 0);
        if (offset < 0) {
            return;
        }
        if (!argv.parseLong(3) || (argv.parsedLong() & ~1L) != 0) {
            ctx.reply().error(BAD_BIT);
            return;
        }
        int on = (int) argv.parsedLong();
        Entry before = ctx.db().lookup(argv, 1);
        int lengthBefore = before != null && before.value instanceof byte[] b ? b.length : -1;
        long mark = ctx.db().changeMark();
        Entry e = Bits.stringForWrite(ctx, offset);
        if (e == null) {
            return;
        }
        byte[] s = (byte[]) e.value;
        int index = (int) (offset >> 3);
        int shift = 7 - (int) (offset & 7);
        int old = (s[index] >> shift) & 1;
        s[index] = (byte) ((s[index] & ~(1 << shift)) | (on << shift));
        ctx.db().signalModified(e.key);
        // setbitCommand: "setbit" and a change counted only when the key was created or grown, or the bit flipped.
        boolean changed = s.length != lengthBefore || old != on;
        ctx.db().countChanges(mark, changed ? 1 : 0);
        if (changed) {
            ctx.db().notify(KeyspaceEvents.STRING, "setbit", e.key);
        }
        ctx.reply().integer(old);
    }

    private static void getbit(CommandContext<? extends Db> ctx) {
        long offset = Bits.offset(ctx, 2, 0);
        if (offset < 0) {
            return;
        }
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().integer(0);
        } else if (e.value instanceof byte[] s) {
            ctx.reply().integer(Bits.bit(s, offset));
        } else {
            ctx.reply().error(Values.WRONGTYPE);
        }
    }
}
