package dev.sabaody.kv.server.aof;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.GrowingString;
import dev.sabaody.kv.data.streams.StreamValue;
import dev.sabaody.kv.rdb.Dump;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandLog;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which commands the log gets, and in what form: Redis's {@code call()} propagation, decided after
 * each command from what it did.
 *
 * <ul>
 *   <li>A write command that changed the data (the keyspace's change counter moved), or a keyless
 *       write that succeeded (FLUSHALL on an empty server, SWAPDB, FUNCTION LOAD), as Redis forces
 *       their propagation. Reads, refusals and writes that changed nothing are not logged.
 *   <li>Commands run inside another (EXEC's queue, a script's calls) are collected on the thread
 *       running the outer one and handed over together: one record, written between MULTI and EXEC,
 *       so a replay applies all of it or, cut by a crash, none. EVAL and FCALL themselves are not
 *       writes: their effects are what is logged, as Redis 7 replicates scripts.
 *   <li>What a replay would do differently is logged as its effect, in the form the command's spec
 *       names ({@link LoggedForm}): relative expiry as absolute ({@code PEXPIREAT},
 *       {@code SET ... PXAT}), {@code XADD *} with the ID it made, SPOP and other random choices as
 *       the resulting value ({@code RESTORE ... REPLACE ABSTTL}).
 * </ul>
 * Expired keys need no DEL: every TTL in the log is absolute, so a replay finds them expired too.
 */
public final class LoggedCommands implements CommandLog {

    private final AppendLog log;
    private final ThreadLocal<Group> groups = ThreadLocal.withInitial(Group::new);

    /** The commands of one outer command, on the thread that runs it. */
    private static final class Group {
        int depth;
        List<AppendLog.Command> commands = new ArrayList<>(2);
    }

    public LoggedCommands(AppendLog log) {
        this.log = log;
    }

    @Override
    public long before(CommandContext<?> ctx) {
        groups.get().depth++;
        return changes(ctx);
    }

    @Override
    public void after(CommandContext<?> ctx, long mark, boolean failed) {
        Group g = groups.get();
        try {
            CommandSpec<?> spec = ctx.command();
            if (spec.has(CommandFlag.WRITE) && (changes(ctx) != mark || (!failed && keyless(spec, ctx.argv())))) {
                Db db = (Db) ctx.db();
                byte[][] argv = effect(spec.loggedForm(), ctx.argv(), db);
                if (argv != null) {
                    g.commands.add(new AppendLog.Command(db.index(), argv));
                }
            }
        } finally {
            if (--g.depth == 0 && !g.commands.isEmpty()) {
                log.append(g.commands);
                g.commands = new ArrayList<>(2);
            }
        }
    }

    /** Adds a command as sent to this thread's open group. */
    void add(int db, Argv argv) {
        groups.get().commands.add(new AppendLog.Command(db, argv(argv)));
    }

    /** Opens a group on this thread around work that runs commands one by one (a cross-shard EXEC). */
    public void beginGroup() {
        groups.get().depth++;
    }

    public void endGroup() {
        Group g = groups.get();
        if (--g.depth == 0 && !g.commands.isEmpty()) {
            log.append(g.commands);
            g.commands = new ArrayList<>(2);
        }
    }

    private static long changes(CommandContext<?> ctx) {
        return ctx.db() instanceof Db db ? db.keyspace().stats().dirty : 0;
    }

    private static boolean keyless(CommandSpec<?> spec, Argv argv) {
        return spec.keyPositions(argv).length == 0;
    }

    /** The command as a replay must see it, or null for nothing: the form its spec names. */
    static byte[][] effect(LoggedForm form, Argv argv, Db db) {
        byte[][] as = argv(argv);
        if (form == LoggedForm.AS_SENT) {
            return as;
        }
        Entry e = db.peek(as[1]);
        if (form == LoggedForm.GENERATED_ID) {
            return withGeneratedId(as, e);
        }
        if (e == null) {
            return words("DEL", as[1]); // the command ended with the key gone (a time in the past)
        }
        return switch (form) {
            case ABSOLUTE_EXPIRY -> e.expireAt() >= 0 ? words("PEXPIREAT", as[1], number(e.expireAt()))
                    : words("PERSIST", as[1]);
            case SET_WITH_EXPIRY -> e.expireAt() < 0 ? as
                    : words("SET", as[1], stringOf(e), "PXAT", number(e.expireAt()));
            case RESULTING_VALUE -> stateOf(e, as[1]);
            default -> as;
        };
    }

    /** XADD with {@code *} or {@code ms-*}: the ID the stream made in its place. */
    private static byte[][] withGeneratedId(byte[][] as, Entry e) {
        for (int i = 2; i < as.length; i++) {
            String a = new String(as[i], StandardCharsets.ISO_8859_1);
            if (a.equals("*") || a.endsWith("-*")) {
                if (e != null && e.value instanceof StreamValue s) {
                    as[i] = s.lastIdText().getBytes(StandardCharsets.US_ASCII);
                }
                break;
            }
        }
        return as;
    }

    private static byte[] stringOf(Entry e) {
        return e.value instanceof GrowingString g ? g.toBytes() : (byte[]) e.value;
    }

    /** The key's value as it now is: RESTORE with the absolute TTL, replacing whatever a replay finds. */
    private static byte[][] stateOf(Entry e, byte[] key) {
        Object value = e.value instanceof GrowingString g ? g.toBytes() : e.value;
        byte[] payload = Dump.serialize(value, false);
        long ttl = Math.max(0, e.expireAt());
        return new byte[][] {ascii("RESTORE"), key, number(ttl), payload, ascii("REPLACE"), ascii("ABSTTL")};
    }

    private static byte[][] argv(Argv argv) {
        byte[][] out = new byte[argv.argc()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = argv.copy(i);
        }
        return out;
    }

    private static byte[][] words(Object... parts) {
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] instanceof byte[] b ? b : ascii((String) parts[i]);
        }
        return out;
    }

    private static byte[] number(long n) {
        return ascii(Long.toString(n));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
