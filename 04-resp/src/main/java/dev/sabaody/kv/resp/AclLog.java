package dev.sabaody.kv.resp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The security log ACL LOG shows (acl.c addACLLogEntry): the latest denials, newest first, a
 * repeat of a recent one (same reason, context, object and user, within a minute) counted on that
 * entry instead of added. At most {@code acllog-max-len} entries. Denials come from every loop,
 * rarely: the log is synchronized.
 */
public final class AclLog {

    /** acl.c ACL_LOG_GROUPING_MAX_TIME_DELTA, in ms. */
    private static final long GROUPING_MAX_TIME_DELTA = 60_000;
    /** How many recent entries a new one is compared with (acl.c's toscan). */
    private static final int TO_SCAN = 10;

    /** Why a request was denied, as ACL LOG's "reason" spells it. */
    public enum Reason {
        COMMAND, KEY, CHANNEL, AUTH;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The reason of a {@link Selector} check result. */
        public static Reason of(int denial) {
            return switch (denial) {
                case Selector.DENIED_KEY -> KEY;
                case Selector.DENIED_CHANNEL -> CHANNEL;
                default -> COMMAND;
            };
        }
    }

    private static final class Entry {
        long count = 1;
        final Reason reason;
        final String context;
        final String object;
        final String username;
        long ctimeMillis;
        String clientInfo;

        Entry(Reason reason, String context, String object, String username, long ctimeMillis, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.ctimeMillis = ctimeMillis;
            this.clientInfo = clientInfo;
        }

        boolean sameAs(Entry other) {
            return reason == other.reason && context.equals(other.context)
                    && Math.abs(ctimeMillis - other.ctimeMillis) <= GROUPING_MAX_TIME_DELTA
                    && object.equals(other.object) && username.equals(other.username);
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private volatile long maxLen = 128;

    /** acllog-max-len. */
    public void setMaxLen(long value) {
        maxLen = value;
        synchronized (this) {
            trim();
        }
    }

    /** Adds a denial; {@code context} is "toplevel", "multi" or "lua". */
    public synchronized void add(Reason reason, String context, String object, String username, long nowMillis,
                                 String clientInfo) {
        Entry entry = new Entry(reason, context, object, username, nowMillis, clientInfo);
        Iterator<Entry> it = entries.iterator();
        for (int i = 0; i < TO_SCAN && it.hasNext(); i++) {
            Entry current = it.next();
            if (current.sameAs(entry)) {
                it.remove();
                current.count++;
                current.ctimeMillis = nowMillis;
                current.clientInfo = clientInfo;
                entries.addFirst(current);
                return;
            }
        }
        entries.addFirst(entry);
        trim();
    }

    private void trim() {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    public synchronized void reset() {
        entries.clear();
    }

    /** ACL LOG [count]: the newest {@code count} entries, each a map of seven fields. */
    public void reply(RespEncoder reply, long count, long nowMillis) {
        List<Entry> shown;
        synchronized (this) {
            shown = new ArrayList<>(entries).subList(0, (int) Math.min(Math.max(count, 0), entries.size()));
        }
        reply.arrayHeader(shown.size());
        for (Entry e : shown) {
            reply.mapHeader(7);
            reply.bulkAscii("count");
            reply.integer(e.count);
            reply.bulkAscii("reason");
            reply.bulkAscii(e.reason.text());
            reply.bulkAscii("context");
            reply.bulkAscii(e.context);
            reply.bulkAscii("object");
            reply.bulk(e.object.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            reply.bulkAscii("username");
            reply.bulk(e.username.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            reply.bulkAscii("age-seconds");
            reply.doubleValue((double) (nowMillis - e.ctimeMillis) / 1000);
            reply.bulkAscii("client-info");
            reply.bulk(e.clientInfo.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
