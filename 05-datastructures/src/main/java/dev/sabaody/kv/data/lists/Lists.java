package dev.sabaody.kv.data.lists;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;

/**
 * What the list commands share (t_list.c's helpers): reading LEFT/RIGHT, replying a range, and the
 * rule that a list emptied by a command is deleted with its key.
 */
final class Lists {

    /** The ends of a list as the commands name them: LEFT is the head, RIGHT the tail. */
    static final boolean LEFT = true;
    static final boolean RIGHT = false;

    private Lists() {
    }

    /**
     * Argument {@code i} as LEFT (true) or RIGHT (false), any case (getListPositionFromObjectOrReply);
     * null after replying a syntax error.
     */
    static Boolean where(CommandContext<?> ctx, int i) {
        if (ctx.argv().equalsIgnoreCase(i, "right")) {
            return RIGHT;
        }
        if (ctx.argv().equalsIgnoreCase(i, "left")) {
            return LEFT;
        }
        ctx.replySyntaxError();
        return null;
    }

    /**
     * The position of Redis index {@code index} in {@code list} (negative counts from the tail: -1 is
     * the last element), or -1 when it is out of range.
     */
    static int index(ListValue list, long index) {
        long i = index < 0 ? list.size() + index : index;
        return i < 0 || i >= list.size() ? -1 : (int) i;
    }

    /**
     * Replies elements {@code start..end} (inclusive; negative counts from the tail) as an array, the
     * empty array when the range holds nothing, tail first when {@code reverse} (addListRangeReply).
     */
    static void replyRange(RespEncoder reply, ListValue list, long start, long end, boolean reverse) {
        long length = list.size();
        if (start < 0) {
            start += length;
        }
        if (end < 0) {
            end += length;
        }
        if (start < 0) {
            start = 0;
        }
        // start >= 0 now, so this also catches end < 0.
        if (start > end || start >= length) {
            reply.arrayHeader(0);
            return;
        }
        if (end >= length) {
            end = length - 1;
        }
        int from = (int) start;
        int to = (int) end;
        reply.arrayHeader(to - from + 1);
        if (reverse) {
            for (int i = to; i >= from; i--) {
                reply.bulk(list.get(i));
            }
        } else {
            for (int i = from; i <= to; i++) {
                reply.bulk(list.get(i));
            }
        }
    }

    /**
     * Pops up to {@code count} elements from one end and replies them as an array, in pop order
     * (LPOP/RPOP with a count, LMPOP's inner array); then {@link #removed} with the keyspace
     * notification {@code event} (and "del" if the list is gone).
     */
    static void popAndReply(RespEncoder reply, Db db, Entry entry, boolean left, long count, String event) {
        ListValue list = (ListValue) entry.value;
        int n = (int) Math.min(count, list.size());
        long mark = db.changeMark();
        reply.arrayHeader(n);
        for (int i = 0; i < n; i++) {
            reply.bulk(list.remove(left));
        }
        removed(db, entry, event);
        db.countChanges(mark, n); // listPopRangeAndReplyWithKey: server.dirty += elements
    }

    /**
     * {@link #removed}, with the command's keyspace notification first and "del" when the list is
     * deleted, as popGenericCommand emits them.
     */
    static void removed(Db db, Entry entry, String event) {
        db.notify(KeyspaceEvents.LIST, event, entry.key);
        boolean gone = ((ListValue) entry.value).isEmpty();
        removed(db, entry);
        if (gone) {
            db.notify(KeyspaceEvents.GENERIC, "del", entry.key);
        }
    }

    /** After elements left a list: delete the key if it is empty now, else tell WATCH it changed. */
    private static void removed(Db db, Entry entry) {
        if (((ListValue) entry.value).isEmpty()) {
            db.deleteEntry(entry);
        } else {
            db.signalModified(entry.key);
        }
    }
}
