package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.SlicedCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DEBUG, behind {@code enable-debug-command} as in Redis 7.0 (no, yes, or local: from a loopback
 * address only), with the subcommands tools and tests use: SLEEP, OBJECT, DIGEST, DIGEST-VALUE,
 * SET-ACTIVE-EXPIRE, POPULATE, HELP; the others answer Redis's subcommand error.
 *
 * <p>Each shard holds part of the keys, so DEBUG runs as a {@link SlicedCommand}: OBJECT on the
 * shard owning its key, DIGEST, DIGEST-VALUE and POPULATE on every shard (each hashes or creates the
 * keys it owns), SLEEP with every shard parked, so that, as in Redis, the whole server sleeps.
 * Redis gives DEBUG no request_policy tip (a cluster node answers for itself); these shards are one
 * node.
 */
final class DebugCommand implements SlicedCommand<Db, Object> {

    /** The refusal, word for word (processCommand in server.c). */
    static final String NOT_ALLOWED = "DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
            + "you can run it from a local connection, otherwise you need to set this option in the configuration "
            + "file, and then restart the server.";

    private final AdminSettings settings;

    private DebugCommand(AdminSettings settings) {
        this.settings = settings;
    }

    static CommandSpec.Builder<Db> spec(AdminSettings settings) {
        return CommandSpec.<Db>command("debug", -2, new DebugCommand(settings))
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .protectedBy(client -> allowed(settings, client) ? null : NOT_ALLOWED)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(new CommandDoc("A container for debugging commands", "1.0.0", "server", "Depends on subcommand.",
                        List.of("syscmd"), null, null, List.of(), List.of()));
    }

    private static String sub(Argv argv) {
        return argv.string(1).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean check(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        int argc = argv.argc();
        boolean known = switch (sub(argv)) {
            case "help" -> argc == 2;
            case "sleep", "object", "set-active-expire" -> argc == 3;
            case "reload" -> true; // MERGE, NOFLUSH and NOSAVE are accepted and do what RELOAD does
            case "digest" -> argc == 2;
            case "digest-value" -> argc >= 2;
            case "populate" -> argc >= 3 && argc <= 5;
            default -> false;
        };
        if (!known) {
            ctx.reply().error("unknown subcommand or wrong number of arguments for '" + argv.string(1)
                    + "'. Try DEBUG HELP.");
            return false;
        }
        if (sub(argv).equals("populate")) {
            for (int i : argc == 5 ? new int[] {2, 4} : new int[] {2}) {
                // getPositiveLongFromObjectOrReply: one message for both failures
                if (!argv.parseLong(i) || argv.parsedLong() < 0) {
                    ctx.reply().error("value is out of range, must be positive");
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * allowProtectedAction: yes, or local and the client on a loopback address. The session asks it
     * before authentication, and before queueing inside MULTI, as processCommand does.
     */
    private static boolean allowed(AdminSettings settings, Client client) {
        return switch (settings.debugCommand) {
            case "yes" -> true;
            case "local" -> {
                String addr = client.addr();
                yield addr.startsWith("127.") || addr.startsWith("0:0:0:0:0:0:0:1:");
            }
            default -> false;
        };
    }

    @Override
    public int slice(Argv argv, int slices) {
        if (argv.argc() == 3 && sub(argv).equals("object")) { // the router asks before check() has looked
            return KeyHash.shardOf(argv.buffer(), argv.offset(2), argv.length(2), slices);
        }
        return ALL_SLICES;
    }

    @Override
    public Object part(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        int slice = ctx.server().slice();
        int slices = ctx.server().slices();
        switch (sub(argv)) {
            case "object": {
                Entry e = db.peek(argv.copy(2));
                return e == null ? null : describe(db, e, settings);
            }
            case "reload":
                return ctx.db().keyspace();
            case "digest": {
                // per database: the xor of its keys' digests, and whether it has any
                Map<Integer, byte[]> dbs = new HashMap<>();
                for (int i = 0; i < ctx.databases().count(); i++) {
                    Db d = ctx.databases().get(i);
                    if (d.size() == 0) {
                        continue;
                    }
                    byte[] sum = new byte[20];
                    d.forEach(e -> Digest.xor(sum, Digest.keyAndValue(e))); // xorDigest(final, digest, 20)
                    dbs.put(i, sum);
                }
                return dbs;
            }
            case "digest-value": {
                Map<Integer, String> mine = new HashMap<>();
                for (int i = 2; i < argv.argc(); i++) {
                    byte[] key = argv.copy(i);
                    if (KeyHash.shardOf(key, slices) != slice) {
                        continue;
                    }
                    Entry e = db.peek(key);
                    byte[] digest = new byte[20];
                    if (e != null) {
                        Digest.object(digest, e);
                    }
                    mine.put(i, Digest.hex(digest));
                }
                return mine;
            }
            case "populate": {
                populate(argv, db, slice, slices);
                return null;
            }
            default:
                return null;
        }
    }

    /** DEBUG POPULATE count [prefix] [size]: "key:N" → "value:N" (zero-padded or cut to size); existing keys kept. */
    private static void populate(Argv argv, Db db, int slice, int slices) {
        argv.parseLong(2);
        long count = argv.parsedLong();
        String prefix = argv.argc() >= 4 ? argv.string(3) : "key";
        long size = 0;
        if (argv.argc() == 5) {
            argv.parseLong(4);
            size = argv.parsedLong();
        }
        for (long j = 0; j < count; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.ISO_8859_1);
            if (KeyHash.shardOf(key, slices) != slice || db.lookup(key) != null) {
                continue;
            }
            byte[] text = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            byte[] value = size == 0 ? text : java.util.Arrays.copyOf(text, (int) size);
            db.add(key, value);
            db.signalModified(key);
        }
    }

    /** OBJ_SHARED_INTEGERS (server.h): Redis keeps one shared object for each integer below this. */
    static final long OBJ_SHARED_INTEGERS = 10_000;
    /** OBJ_SHARED_REFCOUNT (server.h): the refcount a shared object shows, INT_MAX. */
    static final int OBJ_SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** What DUMP adds around rdbSaveObject's bytes: the type byte, the RDB version (2), the CRC64 (8). */
    static final int DUMP_FRAMING_BYTES = 1 + 2 + 8;

    /**
     * debugCommand's OBJECT line. {@code serializedlength} is rdbSavedObjectLen, the value's RDB
     * encoding (what DUMP wraps, rdbcompression included). {@code refcount} is 1, except for an
     * integer Redis would take from its shared objects (0 to 9,999, while maxmemory does not use an
     * LRU or LFU policy, whose per-object clocks forbid sharing).
     */
    private static String describe(Db db, Entry e, AdminSettings settings) {
        long idleSeconds = dev.sabaody.kv.server.admin.Idle.millis(db.keyspace().lruClock(), e.lru()) / 1000;
        String encoding = Values.encoding(e);
        long[] number = new long[1];
        boolean shared = settings.sharedIntegers && encoding.equals("int") && e.value instanceof byte[] s
                && dev.sabaody.kv.resp.Numbers.string2ll(s, number) && number[0] >= 0 && number[0] < OBJ_SHARED_INTEGERS;
        long length = dev.sabaody.kv.rdb.Dump.dumpable(e.value)
                ? dev.sabaody.kv.rdb.Dump.serialize(e.value, settings.rdbCompression).length - DUMP_FRAMING_BYTES
                : e.value instanceof byte[] s ? s.length : 0;
        return "Value at:0x" + Integer.toHexString(System.identityHashCode(e.value)) + " refcount:"
                + (shared ? OBJ_SHARED_REFCOUNT : 1) + " encoding:" + encoding + " serializedlength:" + length
                + " lru:" + e.lru() + " lru_seconds_idle:" + idleSeconds
                + (e.value instanceof dev.sabaody.kv.data.lists.ListValue list ? quicklist(list, settings.listFill) : "");
    }

    /**
     * debugCommand's quicklist details, of the quicklist this list is saved as (DUMP, RDB): the
     * nodes Redis would hold for these elements under list-max-listpack-size, their average count,
     * the fill, and their listpacks' bytes. {@code ql_compressed} is 0: no node is ever compressed
     * here, whatever list-compress-depth says (Redis prints whether the directive asks for it).
     */
    private static String quicklist(dev.sabaody.kv.data.lists.ListValue list, int fill) {
        dev.sabaody.kv.rdb.QuicklistNodes.Shape shape = dev.sabaody.kv.rdb.QuicklistNodes.shape(list, fill);
        return " ql_nodes:" + shape.nodes() + " ql_avg_node:"
                + String.format(java.util.Locale.ROOT, "%.2f", (double) list.size() / shape.nodes())
                + " ql_listpack_max:" + fill + " ql_compressed:0 ql_uncompressed_size:" + shape.bytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void answer(CommandContext<? extends Db> ctx, List<Object> parts) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        switch (sub(argv)) {
            case "help" -> help(ctx);
            case "sleep" -> {
                sleep(argv.string(2));
                reply.ok();
            }
            case "set-active-expire" -> {
                settings.activeExpire = atoi(argv.string(2)) != 0;
                reply.ok();
            }
            case "populate" -> reply.ok();
            case "reload" -> {
                List<dev.sabaody.kv.data.Keyspace> keyspaces = new java.util.ArrayList<>();
                for (Object part : parts) {
                    keyspaces.add((dev.sabaody.kv.data.Keyspace) part);
                }
                String error = settings.reload.apply(keyspaces);
                if (error == null) {
                    reply.ok();
                } else {
                    reply.error(error);
                }
            }
            case "object" -> {
                Object line = parts.getFirst();
                if (line == null) {
                    reply.error("no such key");
                } else {
                    reply.simpleString((String) line);
                }
            }
            case "digest" -> {
                byte[] digest = new byte[20];
                for (int db = 0; db < ctx.databases().count(); db++) {
                    byte[] sum = null;
                    for (Object part : parts) {
                        byte[] mine = ((Map<Integer, byte[]>) part).get(db);
                        if (mine != null) {
                            if (sum == null) {
                                sum = new byte[20];
                            }
                            for (int j = 0; j < 20; j++) {
                                sum[j] ^= mine[j];
                            }
                        }
                    }
                    if (sum != null) {
                        Digest.mix(digest, new byte[] {0, 0, (byte) (db >>> 8), (byte) db}); // htonl(j)
                        for (int j = 0; j < 20; j++) {
                            digest[j] ^= sum[j];
                        }
                    }
                }
                reply.simpleString(Digest.hex(digest));
            }
            case "digest-value" -> {
                Map<Integer, String> all = new HashMap<>();
                for (Object part : parts) {
                    all.putAll((Map<Integer, String>) part);
                }
                reply.arrayHeader(argv.argc() - 2);
                for (int i = 2; i < argv.argc(); i++) {
                    reply.simpleString(all.getOrDefault(i, "0".repeat(40)));
                }
            }
            default -> throw new IllegalStateException(sub(argv));
        }
    }

    /** strtod's seconds, as DEBUG SLEEP reads them: what does not parse is 0. */
    private static void sleep(String seconds) {
        double s;
        try {
            s = Double.parseDouble(seconds.trim());
        } catch (NumberFormatException e) {
            s = 0;
        }
        long micros = (long) (s * 1_000_000);
        if (micros <= 0) {
            return;
        }
        try {
            Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** C's atoi: leading digits, 0 when none. */
    private static int atoi(String s) {
        int i = 0;
        int sign = 1;
        s = s.trim();
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            sign = s.charAt(0) == '-' ? -1 : 1;
            i = 1;
        }
        int n = 0;
        for (; i < s.length() && Character.isDigit(s.charAt(i)) && n < 100_000_000; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return sign * n;
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("DEBUG",
                "DIGEST",
                "    Output a hex signature representing the current DB content.",
                "DIGEST-VALUE <key> [<key> ...]",
                "    Output a hex signature of the values of all the specified keys.",
                "OBJECT <key>",
                "    Show low level info about the `key` and associated value.",
                "POPULATE <count> [<prefix>] [<size>]",
                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                "    it is used instead of the 'key' prefix. These are not propagated to",
                "    replicas. Cluster slots are not respected so keys not belonging to the",
                "    current node can be created in cluster mode.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.");
    }
}
