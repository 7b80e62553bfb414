package dev.sabaody.kv.rdb;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.KeySpec;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * DUMP key and RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
 * (cluster.c dumpCommand, restoreCommand): a value as bytes and back, in RDB's encoding with
 * Redis 7.0's footer ({@link Dump}), so that a payload from Redis restores here and the reverse —
 * the path migration tools take.
 *
 * <p>RESTORE checks in Redis's order, each with its error: the options, then BUSYKEY when the key
 * exists without REPLACE, the TTL, the footer ("DUMP payload version or checksum are wrong"), then
 * the value ("Bad data format"). A TTL already in the past restores nothing, deletes the old key
 * under REPLACE, and answers OK, as Redis does.
 */
public final class DumpCommands {

    static final String BUSYKEY = "-BUSYKEY Target key name already exists.";
    static final String BAD_PAYLOAD = "DUMP payload version or checksum are wrong";
    static final String BAD_FORMAT = "Bad data format";
    static final String NOT_INTEGER = "value is not an integer or out of range";

    private final BooleanSupplier compression;
    private final Supplier<SaveOptions.Clocks> clocks;

    private DumpCommands(BooleanSupplier compression, Supplier<SaveOptions.Clocks> clocks) {
        this.compression = compression;
        this.clocks = clocks;
    }

    /**
     * Registers DUMP and RESTORE; {@code compression} reads rdbcompression and {@code clocks} the
     * eviction clock that maxmemory-policy records, both as they are when a command runs.
     */
    public static CommandTable<Db> register(CommandTable<Db> table, BooleanSupplier compression,
                                            Supplier<SaveOptions.Clocks> clocks) {
        DumpCommands commands = new DumpCommands(compression, clocks);
        return table.add(CommandSpec.<Db>command("dump", 2, commands::dump)
                        .flags(CommandFlag.READONLY)
                        .acl(KEYSPACE, READ, SLOW)
                        .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                        .doc(CommandDoc.of("Return a serialized version of the value stored at the specified key.",
                                "2.6.0", "generic",
                                "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
                                Arg.key("key", 0))))
                .add(CommandSpec.<Db>command("restore", -4, commands::restore)
                        .logged(LoggedForm.RESULTING_VALUE)
                        .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                        .acl(KEYSPACE, WRITE, SLOW, DANGEROUS)
                        .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                        .doc(CommandDoc.of("Create a key using the provided serialized value, previously obtained using DUMP.",
                                "2.6.0", "generic",
                                "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).",
                                Arg.key("key", 0), Arg.of("ttl", "integer"), Arg.of("serialized-value", "string"),
                                Arg.token("replace", "REPLACE").optional(), Arg.token("absttl", "ABSTTL").optional(),
                                Arg.of("seconds", "integer").withToken("IDLETIME").optional(),
                                Arg.of("frequency", "integer").withToken("FREQ").optional())));
    }

    private void dump(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (!Dump.dumpable(e.value)) {
            ctx.reply().error("DUMP of this type is not supported yet");
            return;
        }
        ctx.reply().bulk(Dump.serialize(e.value, compression.getAsBoolean()));
    }

    private void restore(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < argv.argc(); j++) {
            boolean more = j + 1 < argv.argc();
            if (argv.equalsIgnoreCase(j, "replace")) {
                replace = true;
            } else if (argv.equalsIgnoreCase(j, "absttl")) {
                absTtl = true;
            } else if (argv.equalsIgnoreCase(j, "idletime") && more && freq == -1) {
                if (!argv.parseLong(j + 1)) {
                    ctx.reply().error(NOT_INTEGER);
                    return;
                }
                idle = argv.parsedLong();
                if (idle < 0) {
                    ctx.reply().error("Invalid IDLETIME value, must be >= 0");
                    return;
                }
                j++;
            } else if (argv.equalsIgnoreCase(j, "freq") && more && idle == -1) {
                if (!argv.parseLong(j + 1)) {
                    ctx.reply().error(NOT_INTEGER);
                    return;
                }
                freq = argv.parsedLong();
                if (freq < 0 || freq > 255) {
                    ctx.reply().error("Invalid FREQ value, must be >= 0 and <= 255");
                    return;
                }
                j++;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        Db db = ctx.db();
        byte[] key = argv.copy(1);
        Entry existing = db.lookup(key);
        if (!replace && existing != null) {
            ctx.reply().error(BUSYKEY);
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error(NOT_INTEGER);
            return;
        }
        long ttl = argv.parsedLong();
        if (ttl < 0) {
            ctx.reply().error("Invalid TTL value, must be >= 0");
            return;
        }
        byte[] payload = argv.copy(3);
        if (!Dump.verify(payload)) {
            ctx.reply().error(BAD_PAYLOAD);
            return;
        }
        Object value = Dump.deserialize(payload);
        if (value == null) {
            ctx.reply().error(BAD_FORMAT);
            return;
        }
        if (existing != null) {
            db.deleteEntry(existing);
        }
        long now = db.keyspace().now();
        if (ttl > 0 && !absTtl) {
            ttl += now;
        }
        if (ttl > 0 && ttl <= now) { // checkAlreadyExpired: the old key is gone, the new one never was
            if (existing != null) {
                db.notify(KeyspaceEvents.GENERIC, "del", key);
            }
            ctx.reply().ok();
            return;
        }
        Entry added = db.add(key, value);
        if (ttl > 0) {
            added = db.setExpire(added, ttl);
        }
        EntryClocks.apply(db.keyspace(), added, clocks.get(), idle, (int) freq);
        db.notify(KeyspaceEvents.GENERIC, "restore", key); // restoreCommand
        ctx.reply().ok();
    }
}
