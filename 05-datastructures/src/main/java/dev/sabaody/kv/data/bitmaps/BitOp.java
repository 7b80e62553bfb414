package dev.sabaody.kv.data.bitmaps;

import static dev.sabaody.kv.resp.AclCategory.BITMAP;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.EnumSet;

/**
 * BITOP AND | OR | XOR | NOT destkey key [key ...]: combines strings byte by byte into destkey and
 * answers its length, that of the longest source. Shorter sources (and missing keys) count as
 * zero-padded, so AND with a missing key gives all zeros, of the longest length. When every source
 * is empty or missing the result is empty, and destkey is deleted rather than set to "" (bitops.c).
 * destkey is overwritten whatever its type, as SET would.
 */
final class BitOp implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("bitop", -4, new BitOp())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, BITMAP, SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE), new KeySpec.Index(2),
                                new KeySpec.Range(0, 1, 0)),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS), new KeySpec.Index(3),
                                new KeySpec.Range(-1, 1, 0)))
                .doc(CommandDoc.of("Perform bitwise operations between strings", "2.6.0", "bitmap", "O(N)",
                        Arg.of("operation", "string"),
                        Arg.key("destkey", 0),
                        Arg.key("key", 1).multiple()));
    }

    private enum Op { AND, OR, XOR, NOT }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Op op;
        if (argv.equalsIgnoreCase(1, "and")) {
            op = Op.AND;
        } else if (argv.equalsIgnoreCase(1, "or")) {
            op = Op.OR;
        } else if (argv.equalsIgnoreCase(1, "xor")) {
            op = Op.XOR;
        } else if (argv.equalsIgnoreCase(1, "not")) {
            op = Op.NOT;
        } else {
            ctx.replySyntaxError();
            return;
        }
        if (op == Op.NOT && argv.argc() != 4) {
            ctx.reply().error("BITOP NOT must be called with a single source key.");
            return;
        }
        Db db = ctx.db();
        int sources = argv.argc() - 3;
        byte[][] src = new byte[sources][];
        int maxLength = 0;
        for (int j = 0; j < sources; j++) {
            Entry e = db.lookupRead(argv, j + 3);
            if (e == null) {
                src[j] = EMPTY;
                continue;
            }
            if (!(e.value instanceof byte[] s)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            src[j] = s;
            maxLength = Math.max(maxLength, s.length);
        }
        if (maxLength == 0) {
            Destination.clear(db, argv, 2);
            ctx.reply().integer(0);
            return;
        }
        byte[] result = new byte[maxLength];
        byte[] first = src[0];
        System.arraycopy(first, 0, result, 0, first.length);
        if (op == Op.NOT) {
            for (int i = 0; i < maxLength; i++) {
                result[i] = (byte) ~result[i];
            }
        }
        for (int j = 1; j < sources; j++) {
            byte[] s = src[j];
            switch (op) {
                case AND -> {
                    for (int i = 0; i < s.length; i++) {
                        result[i] &= s[i];
                    }
                    java.util.Arrays.fill(result, s.length, maxLength, (byte) 0); // zero padding
                }
                case OR -> {
                    for (int i = 0; i < s.length; i++) {
                        result[i] |= s[i];
                    }
                }
                case XOR -> {
                    for (int i = 0; i < s.length; i++) {
                        result[i] ^= s[i];
                    }
                }
                case NOT -> throw new IllegalStateException("NOT has one source");
            }
        }
        Destination.store(db, argv.copy(2), result, KeyspaceEvents.STRING, "set") // bitopCommand
                .origin(StringOrigin.RAW); // createObject(OBJ_STRING, sds)
        ctx.reply().integer(maxLength);
    }

    private static final byte[] EMPTY = new byte[0];
}
