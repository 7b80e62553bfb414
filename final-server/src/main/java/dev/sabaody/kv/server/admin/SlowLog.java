package dev.sabaody.kv.server.admin;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The slow log (slowlog.c): the last {@code slowlog-max-len} commands that took at least
 * {@code slowlog-log-slower-than} microseconds, newest first, each with an id that grows for the
 * server's life.
 *
 * <p>One log for every shard, behind a lock: only a slow command enters it, so the lock is taken
 * rarely, and one log keeps Redis's single sequence of ids. The arguments are copied as slowlog.c
 * shortens them: at most {@link #SLOWLOG_ENTRY_MAX_ARGC} arguments, the last replaced by
 * "... (N more arguments)", each cut at {@link #SLOWLOG_ENTRY_MAX_STRING} bytes with
 * "... (N more bytes)". A password is never kept: AUTH's and HELLO AUTH's arguments read
 * "(redacted)", as Redis 7's redactClientCommandArgument has them.
 */
final class SlowLog {

    /** SLOWLOG_ENTRY_MAX_ARGC (slowlog.h). */
    static final int SLOWLOG_ENTRY_MAX_ARGC = 32;
    /** SLOWLOG_ENTRY_MAX_STRING, bytes (slowlog.h). */
    static final int SLOWLOG_ENTRY_MAX_STRING = 128;

    /** One slow command. */
    record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String peer, String name) {
    }

    private final AdminSettings settings;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    SlowLog(AdminSettings settings) {
        this.settings = settings;
    }

    void add(CommandContext<?> ctx, long micros) {
        Argv argv = ctx.argv();
        int argc = argv.argc();
        int kept = Math.min(argc, SLOWLOG_ENTRY_MAX_ARGC);
        List<byte[]> args = new ArrayList<>(kept);
        for (int j = 0; j < kept; j++) {
            if (kept != argc && j == kept - 1) {
                args.add(ascii("... (" + (argc - kept + 1) + " more arguments)"));
            } else if (redacted(argv, j)) {
                args.add(ascii("(redacted)"));
            } else if (argv.length(j) > SLOWLOG_ENTRY_MAX_STRING) {
                byte[] head = argv.copy(j);
                String more = "... (" + (argv.length(j) - SLOWLOG_ENTRY_MAX_STRING) + " more bytes)";
                byte[] cut = java.util.Arrays.copyOf(head, SLOWLOG_ENTRY_MAX_STRING + more.length());
                System.arraycopy(ascii(more), 0, cut, SLOWLOG_ENTRY_MAX_STRING, more.length());
                args.add(cut);
            } else {
                args.add(argv.copy(j));
            }
        }
        long now = ctx.clock().currentTimeMillis() / 1000;
        synchronized (this) {
            entries.addFirst(new Entry(nextId++, now, micros, args, ctx.client().addr(), ctx.client().name()));
            trim();
        }
    }

    /** AUTH's arguments and HELLO's after AUTH: passwords do not go into a log. */
    private static boolean redacted(Argv argv, int j) {
        if (j == 0) {
            return false;
        }
        if (argv.equalsIgnoreCase(0, "auth")) {
            return true;
        }
        if (argv.equalsIgnoreCase(0, "hello")) {
            for (int k = 2; k < j; k++) {
                if (argv.equalsIgnoreCase(k, "auth") && j <= k + 2) {
                    return true;
                }
            }
        }
        return false;
    }

    private void trim() {
        while (entries.size() > settings.slowlogMaxLen) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries (all when negative). */
    synchronized List<Entry> newest(long count) {
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && (count < 0 || out.size() < count)) {
            out.add(it.next());
        }
        return out;
    }

    /** A smaller slowlog-max-len shrinks the log at its next entry, as slowlogPushEntryIfNeeded does. */
    synchronized int size() {
        return entries.size();
    }

    synchronized void reset() {
        entries.clear();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
