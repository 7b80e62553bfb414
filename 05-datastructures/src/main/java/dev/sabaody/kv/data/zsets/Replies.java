package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.RespEncoder;

/**
 * How sorted-set commands write members with scores. With WITHSCORES a RESP2 client gets one flat
 * array (member, score, member, score) and a RESP3 client an array of [member, score] pairs, never a
 * map, because a map would not promise the order (t_zset.c zrangeResultBeginClient).
 */
final class Replies {

    private Replies() {
    }

    /** The array header for {@code count} members. */
    static void header(RespEncoder reply, long count, boolean withScores) {
        reply.arrayHeader(withScores && reply.protocol() == 2 ? count * 2 : count);
    }

    /** One member, and its score when asked. */
    static void member(RespEncoder reply, Node node, boolean withScores) {
        member(reply, node.key, node.score, withScores);
    }

    static void member(RespEncoder reply, byte[] member, double score, boolean withScores) {
        if (withScores && reply.protocol() > 2) {
            reply.arrayHeader(2);
        }
        reply.bulk(member);
        if (withScores) {
            reply.doubleValue(score);
        }
    }
}
