package dev.sabaody.kv.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the replies of a multi-key command's parts, each run on the shard owning its keys, become the
 * one reply the client expects. A command is split only if it appears here.
 *
 * <ul>
 *   <li>{@code SUM}: DEL, EXISTS, UNLINK, TOUCH count keys; the counts add up.
 *   <li>{@code OK}: MSET answers +OK once every part did.
 *   <li>{@code ARRAY_IN_KEY_ORDER}: MGET's values, re-assembled in the order the keys were asked.
 * </ul>
 * An error from any part is the reply. Commands that combine the values of several keys (SINTER,
 * RENAME, ZUNIONSTORE) cannot be split this way; they come with module 05, which runs them on a
 * view over the parked shards instead.
 */
enum ReplyMerge {
    SUM, OK, ARRAY_IN_KEY_ORDER;

    static ReplyMerge forCommand(String name) {
        return switch (name) {
            case "del", "exists", "unlink", "touch" -> SUM;
            case "mset" -> OK;
            case "mget" -> ARRAY_IN_KEY_ORDER;
            default -> null;
        };
    }

    static byte[] crossShardError(String name) {
        return ("-CROSSSLOT Keys in request don't hash to the same slot ('" + name
                + "' cannot span shards yet)\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param replies        each owner's reply bytes, by shard index
     * @param ownerOfEachKey for each key of the request in order, the shard that owns it
     */
    byte[] merge(Map<Integer, byte[]> replies, List<Integer> ownerOfEachKey) {
        for (byte[] reply : replies.values()) {
            if (reply.length > 0 && reply[0] == '-') {
                return reply;
            }
        }
        return switch (this) {
            case SUM -> {
                long sum = 0;
                for (byte[] reply : replies.values()) {
                    sum += Long.parseLong(new String(reply, 1, reply.length - 3, StandardCharsets.US_ASCII));
                }
                yield (":" + sum + "\r\n").getBytes(StandardCharsets.US_ASCII);
            }
            case OK -> "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
            case ARRAY_IN_KEY_ORDER -> arrayInKeyOrder(replies, ownerOfEachKey);
        };
    }

    /** Each part is an array header followed by simple elements (bulk or null); deal them back out. */
    private static byte[] arrayInKeyOrder(Map<Integer, byte[]> replies, List<Integer> ownerOfEachKey) {
        Map<Integer, List<byte[]>> elements = new java.util.HashMap<>();
        Map<Integer, Integer> next = new java.util.HashMap<>();
        replies.forEach((owner, reply) -> elements.put(owner, RespElements.ofArray(reply)));
        List<byte[]> out = new ArrayList<>();
        for (int owner : ownerOfEachKey) {
            int i = next.merge(owner, 1, Integer::sum) - 1;
            out.add(elements.get(owner).get(i));
        }
        byte[] header = ("*" + out.size() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        int length = header.length + out.stream().mapToInt(e -> e.length).sum();
        byte[] merged = new byte[length];
        System.arraycopy(header, 0, merged, 0, header.length);
        int at = header.length;
        for (byte[] e : out) {
            System.arraycopy(e, 0, merged, at, e.length);
            at += e.length;
        }
        return merged;
    }
}
