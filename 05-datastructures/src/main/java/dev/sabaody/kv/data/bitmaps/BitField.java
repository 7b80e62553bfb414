package dev.sabaody.kv.data.bitmaps;

import static dev.sabaody.kv.resp.AclCategory.BITMAP;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset increment]
 * [OVERFLOW WRAP | SAT | FAIL] ...: integers of 1 to 64 bits at any bit offset of a string, and
 * BITFIELD_RO, its GET-only form.
 *
 * <h2>Two passes, as bitops.c bitfieldGeneric</h2>
 * Every operation is parsed and checked first, so a bad one anywhere fails the whole command and
 * changes nothing; then the string is grown once to the furthest bit any write reaches, and the
 * operations run in order, each answering one element of the reply. OVERFLOW applies to the
 * operations after it.
 *
 * <h2>Types and overflow</h2>
 * {@code i1..i64} are two's complement, {@code u1..u63} unsigned (u64 would not fit the protocol's
 * signed 64-bit integer). A SET or INCRBY result outside the type's range is handled as OVERFLOW
 * says: WRAP keeps the low bits (modular arithmetic, the default), SAT clamps to the nearest limit,
 * FAIL writes nothing and answers nil for that operation. An unsigned SET reads its value as the
 * unsigned 64-bit pattern of the integer given, so {@code SET u8 0 -1} is 2^64-1: out of range, and
 * SAT stores 255.
 */
final class BitField {

    static final String BAD_TYPE = "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private BitField() {
    }

    private static final java.util.Set<KeySpec.Flag> READS = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS));
    private static final java.util.Set<KeySpec.Flag> WRITES = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE));

    /**
     * The key and its flags for one BITFIELD line, as bitfieldGetKeys (bitops.c) gives them: read only
     * while every operation is a complete GET or OVERFLOW; a SET, an INCRBY or anything it cannot
     * read (a syntax error is safer taken as a write) makes it read and written.
     */
    static boolean keys(Argv argv, CommandSpec.KeyVisitor visitor) {
        boolean readonly = true;
        int argc = argv.argc();
        for (int i = 2; i < argc; i++) {
            int remaining = argc - i - 1;
            if (argv.equalsIgnoreCase(i, "get") && remaining >= 2) {
                i += 2;
            } else if ((argv.equalsIgnoreCase(i, "set") || argv.equalsIgnoreCase(i, "incrby")) && remaining >= 3) {
                readonly = false;
                break;
            } else if (argv.equalsIgnoreCase(i, "overflow") && remaining >= 1) {
                i += 1;
            } else {
                readonly = false;
                break;
            }
        }
        return visitor.key(1, readonly ? READS : WRITES);
    }

    static CommandSpec.Builder<Db> bitfield() {
        return CommandSpec.<Db>command("bitfield", -2, ctx -> run(ctx, false))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, BITMAP, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE,
                        KeySpec.Flag.VARIABLE_FLAGS).withNotes("This command allows both access and modification of the key"))
                .keysProcedure(BitField::keys)
                .doc(CommandDoc.of("Perform arbitrary bitfield integer operations on strings", "3.2.0", "bitmap",
                        "O(1) for each subcommand specified",
                        Arg.key("key", 0),
                        Arg.oneOf("operation",
                                Arg.block("encoding_offset",
                                        Arg.of("encoding", "string"),
                                        Arg.of("offset", "integer")).withToken("GET"),
                                Arg.block("write",
                                        Arg.oneOf("wrap_sat_fail",
                                                Arg.token("wrap", "WRAP"),
                                                Arg.token("sat", "SAT"),
                                                Arg.token("fail", "FAIL")).withToken("OVERFLOW").optional(),
                                        Arg.oneOf("write_operation",
                                                Arg.block("encoding_offset_value",
                                                        Arg.of("encoding", "string"),
                                                        Arg.of("offset", "integer"),
                                                        Arg.of("value", "integer")).withToken("SET"),
                                                Arg.block("encoding_offset_increment",
                                                        Arg.of("encoding", "string"),
                                                        Arg.of("offset", "integer"),
                                                        Arg.of("increment", "integer")).withToken("INCRBY"))))
                                .optional().multiple()));
    }

    static CommandSpec.Builder<Db> bitfieldRo() {
        return CommandSpec.<Db>command("bitfield_ro", -2, ctx -> run(ctx, true))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, BITMAP, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Perform arbitrary bitfield integer operations on strings. Read-only variant of"
                                + " BITFIELD", "6.0.0", "bitmap", "O(1) for each subcommand specified",
                        Arg.key("key", 0),
                        new Arg("encoding_offset", "block", -1, "GET", null, null, null,
                                List.of("optional", "multiple", "multiple_token"),
                                List.of(Arg.of("encoding", "string"), Arg.of("offset", "integer")))));
    }

    enum Opcode { GET, SET, INCRBY }

    enum Overflow { WRAP, SAT, FAIL }

    /** One parsed operation (struct bitfieldOp). */
    record Op(Opcode opcode, long offset, long value, Overflow overflow, int bits, boolean signed) {
    }

    private static void run(CommandContext<? extends Db> ctx, boolean readOnlyCommand) {
        Argv argv = ctx.argv();
        List<Op> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.argc(); j++) {
            int remaining = argv.argc() - j - 1;
            Opcode opcode;
            if (argv.equalsIgnoreCase(j, "get") && remaining >= 2) {
                opcode = Opcode.GET;
            } else if (argv.equalsIgnoreCase(j, "set") && remaining >= 3) {
                opcode = Opcode.SET;
            } else if (argv.equalsIgnoreCase(j, "incrby") && remaining >= 3) {
                opcode = Opcode.INCRBY;
            } else if (argv.equalsIgnoreCase(j, "overflow") && remaining >= 1) {
                j++;
                if (argv.equalsIgnoreCase(j, "wrap")) {
                    overflow = Overflow.WRAP;
                } else if (argv.equalsIgnoreCase(j, "sat")) {
                    overflow = Overflow.SAT;
                } else if (argv.equalsIgnoreCase(j, "fail")) {
                    overflow = Overflow.FAIL;
                } else {
                    ctx.reply().error("Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                ctx.replySyntaxError();
                return;
            }
            int type = type(argv, j + 1);
            if (type == 0) {
                ctx.reply().error(BAD_TYPE);
                return;
            }
            int bits = Math.abs(type);
            long offset = Bits.offset(ctx, j + 2, bits);
            if (offset < 0) {
                return;
            }
            long value = 0;
            if (opcode != Opcode.GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                if (!argv.parseLong(j + 3)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return;
                }
                value = argv.parsedLong();
            }
            ops.add(new Op(opcode, offset, value, overflow, bits, type < 0));
            j += opcode == Opcode.GET ? 2 : 3;
        }

        Entry e;
        if (readOnly) {
            e = ctx.db().lookupRead(argv, 1);
            if (e != null && !(e.value instanceof byte[])) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
        } else {
            if (readOnlyCommand) {
                ctx.reply().error("BITFIELD_RO only supports the GET subcommand");
                return;
            }
            int before = lengthOf(ctx.db().lookup(argv, 1));
            e = Bits.stringForWrite(ctx, highestWrite);
            if (e == null) {
                return;
            }
            write(ctx, ops, e, before != ((byte[]) e.value).length);
            return;
        }
        ctx.reply().arrayHeader(ops.size());
        byte[] s = e == null ? EMPTY : (byte[]) e.value;
        for (Op op : ops) {
            ctx.reply().integer(op.signed ? Bits.getSigned(s, op.offset, op.bits) : Bits.getUnsigned(s, op.offset, op.bits));
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static int lengthOf(Entry e) {
        return e != null && e.value instanceof byte[] s ? s.length : -1;
    }

    /** The operations of a BITFIELD that writes, on the grown string {@code s}. */
    private static void write(CommandContext<? extends Db> ctx, List<Op> ops, Entry e, boolean grown) {
        byte[] s = (byte[]) e.value;
        ctx.reply().arrayHeader(ops.size());
        boolean changed = grown;
        for (Op op : ops) {
            if (op.opcode == Opcode.GET) {
                ctx.reply().integer(op.signed ? Bits.getSigned(s, op.offset, op.bits) : Bits.getUnsigned(s, op.offset, op.bits));
                continue;
            }
            long old = op.signed ? Bits.getSigned(s, op.offset, op.bits) : Bits.getUnsigned(s, op.offset, op.bits);
            long increment = op.opcode == Opcode.INCRBY ? op.value : 0;
            long base = op.opcode == Opcode.INCRBY ? old : op.value;
            long[] limit = new long[1];
            int overflow = op.signed
                    ? Overflows.signed(base, increment, op.bits, op.overflow, limit)
                    : Overflows.unsigned(base, increment, op.bits, op.overflow, limit);
            if (overflow != 0 && op.overflow == Overflow.FAIL) {
                ctx.reply().nullBulk();
                continue;
            }
            long result = overflow != 0 ? limit[0] : base + increment;
            ctx.reply().integer(op.opcode == Opcode.INCRBY ? result : old);
            Bits.set(s, op.offset, op.bits, result);
            changed |= result != old;
        }
        if (changed) {
            ctx.db().signalModified(e.key);
        }
    }

    /**
     * getBitfieldTypeFromArgument: {@code i<n>} as -n, {@code u<n>} as n, 0 when invalid. The sign
     * letter is lower case only, as in Redis.
     */
    private static int type(Argv argv, int i) {
        int length = argv.length(i);
        if (length < 2) {
            return 0;
        }
        byte sign = argv.byteAt(i, 0);
        if (sign != 'i' && sign != 'u') {
            return 0;
        }
        long[] bits = new long[1];
        if (!dev.sabaody.kv.resp.Numbers.string2ll(argv.buffer(), argv.offset(i) + 1, length - 1, bits)
                || bits[0] < 1 || (sign == 'i' && bits[0] > 64) || (sign == 'u' && bits[0] > 63)) {
            return 0;
        }
        return sign == 'i' ? -(int) bits[0] : (int) bits[0];
    }
}
