package dev.sabaody.kv.data.sets;

import dev.sabaody.kv.resp.RespEncoder;

/** Writing a set's members: an intset as ascending decimals, without making a byte array of each. */
final class SetReplies {

    private SetReplies() {
    }

    /** A set reply (an array in RESP2) of every member, in the set's order. */
    static void writeSet(RespEncoder reply, SetValue set) {
        reply.setHeader(set.size());
        writeMembers(reply, set);
    }

    static void writeMembers(RespEncoder reply, SetValue set) {
        if (set.isIntset()) {
            for (int i = 0; i < set.size(); i++) {
                reply.bulkAscii(Long.toString(set.intAt(i)));
            }
        } else {
            set.dict().forEach(n -> reply.bulk(n.key));
        }
    }
}
