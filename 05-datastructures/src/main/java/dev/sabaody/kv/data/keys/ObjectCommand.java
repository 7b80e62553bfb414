package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.EntryClock;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.Numbers;

/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT key, and OBJECT HELP (object.c objectCommand): what
 * the server knows about a value beyond the value itself.
 *
 * <p>Looking is not using: every subcommand looks the key up without moving its LRU clock
 * ({@link Db#lookupNoTouch}), or OBJECT IDLETIME would always answer 0. A missing key answers null.
 *
 * <ul>
 *   <li>ENCODING names the representation by Redis's rules for the same contents
 *       ({@link Values#encoding}), so tools that inspect it see what they would on Redis.
 *   <li>IDLETIME is seconds since the last access, from the entry's 24-bit LRU clock, wrapping as
 *       Redis's estimateObjectIdleTime does.
 *   <li>FREQ needs an LFU eviction policy (module 06 brings them): the entry clock then holds an
 *       access counter ({@link dev.sabaody.kv.data.EntryClock}). Without one FREQ answers Redis's
 *       error, and under one IDLETIME does, since the clock no longer holds a time.
 *   <li>REFCOUNT: Redis shares one object among every key holding a small integer (0 to 9999), and
 *       reports INT_MAX for it; every other value has one owner. Values here are never shared, but
 *       the answer follows Redis's rule so that the reply is the same.
 * </ul>
 */
final class ObjectCommand {

    /** server.h OBJ_SHARED_INTEGERS: integers 0..9999 are shared objects in Redis. */
    static final long OBJ_SHARED_INTEGERS = 10000;
    /** server.h OBJ_SHARED_REFCOUNT: the refcount a shared object reports (INT_MAX). */
    static final long OBJ_SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** object.c objectCommand's error for FREQ without an LFU policy. */
    static final String NO_LFU = "An LFU maxmemory policy is not selected, access frequency not tracked. Please"
            + " note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    /** object.c objectCommand's error for IDLETIME under an LFU policy. */
    static final String LFU_SELECTED = "An LFU maxmemory policy is selected, idle time not tracked. Please note that"
            + " when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    private ObjectCommand() {
    }

    static CommandSpec.Builder<Db> spec() {
        // Redis lists the subcommands in the order of its subcommand table, which is this one.
        return CommandSpec.<Db>container("object", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for object introspection commands", "2.2.3", "generic",
                        "Depends on subcommand."))
                .subcommand(keyed("idletime", ObjectCommand::idletime,
                        "Get the time since a Redis object was last accessed", "2.2.3"))
                .subcommand(CommandSpec.<Db>command("help", 2, ObjectCommand::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(KEYSPACE, SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "6.2.0", "generic",
                                "O(1)")))
                .subcommand(keyed("encoding", ObjectCommand::encoding,
                        "Inspect the internal encoding of a Redis object", "2.2.3"))
                .subcommand(keyed("freq", ObjectCommand::freq,
                        "Get the logarithmic access frequency counter of a Redis object", "4.0.0"))
                .subcommand(keyed("refcount", ObjectCommand::refcount,
                        "Get the number of references to the value of the key", "2.2.3"));
    }

    private static CommandSpec.Builder<Db> keyed(String name, Command<Db> impl, String summary,
                                                 String since) {
        return CommandSpec.<Db>command(name, 3, impl)
                .flags(CommandFlag.READONLY)
                .acl(KEYSPACE, READ, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(2, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of(summary, since, "generic", "O(1)", Arg.key("key", 0)));
    }

    /** objectCommandLookupOrReply: the entry, or null after answering the null reply. */
    private static Entry lookupOrNull(CommandContext<? extends Db> ctx) {
        Entry e = KeyArgs.lookupReadNoTouchQuiet(ctx.db(), ctx.argv(), 2);
        if (e == null) {
            ctx.reply().nullBulk();
        }
        return e;
    }

    private static void encoding(CommandContext<? extends Db> ctx) {
        Entry e = lookupOrNull(ctx);
        if (e != null) {
            ctx.reply().bulkAscii(Values.encoding(e));
        }
    }

    private static void idletime(CommandContext<? extends Db> ctx) {
        Entry e = lookupOrNull(ctx);
        if (e == null) {
            return;
        }
        Keyspace keyspace = ctx.db().keyspace();
        if (keyspace.entryClock().countsFrequency()) {
            ctx.reply().error(LFU_SELECTED);
        } else {
            ctx.reply().integer(idleMillis(keyspace.lruClock(), e.lru()) / 1000);
        }
    }

    private static void freq(CommandContext<? extends Db> ctx) {
        Entry e = lookupOrNull(ctx);
        if (e == null) {
            return;
        }
        EntryClock clock = ctx.db().keyspace().entryClock();
        if (clock.countsFrequency()) {
            ctx.reply().integer(clock.frequency(e.lru()));
        } else {
            ctx.reply().error(NO_LFU);
        }
    }

    private static void refcount(CommandContext<? extends Db> ctx) {
        Entry e = lookupOrNull(ctx);
        if (e != null) {
            ctx.reply().integer(refcount(e));
        }
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("OBJECT",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.");
    }

    /**
     * evict.c estimateObjectIdleTime: milliseconds since {@code lru}, on a 24-bit clock of seconds
     * that wraps every 194 days; a clock that has wrapped since is read as having gone round once.
     */
    static long idleMillis(int lruClock, int lru) {
        long ticks = lruClock >= lru ? lruClock - lru : lruClock + ((long) Keyspace.LRU_CLOCK_MAX - lru);
        return ticks * Keyspace.LRU_CLOCK_RESOLUTION;
    }

    /** What Redis's refcount would be: shared for the integers 0..9999 held as "int", else one. */
    static long refcount(Entry e) {
        if (e.value instanceof byte[] s && "int".equals(Values.encoding(e))) {
            long[] n = new long[1];
            if (Numbers.string2ll(s, n) && n[0] >= 0 && n[0] < OBJ_SHARED_INTEGERS) {
                return OBJ_SHARED_REFCOUNT;
            }
        }
        return 1;
    }
}
