package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How an invalidation reaches a client (sendTrackingMessage, tracking.c): to the tracking client, or
 * to the client it redirects to; as a RESP3 push {@code >2 invalidate <keys>}, or, to a RESP2
 * client in the subscribed context reached through a redirect, as {@code message
 * __redis__:invalidate <keys>}; to a RESP2 client without a redirect, not at all (RESP2 has no way
 * to say it on a connection that expects replies). The bytes follow the running command's reply
 * when that command is the client's own; otherwise they join the connection's {@link PendingPushes}
 * at once, which its loop moves into the output before it answers anything sent after.
 */
final class InvalidationMessages {

    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    /** TrackingChannelName (tracking.c). */
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    /** shared.null[2] and shared.null[3]: after a flush, everything is invalid. */
    private static final byte[] NULL_RESP2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Clients clients;
    /** Each open connection's queue, by client id. */
    private final Map<Long, PendingPushes> pushes;

    InvalidationMessages(Clients clients, Map<Long, PendingPushes> pushes) {
        this.clients = clients;
        this.pushes = pushes;
    }

    /** The null a flush sends, in the protocol of the tracking client (not of its redirect), as Redis does. */
    static byte[] nullFor(int protocol) {
        return protocol == 2 ? NULL_RESP2 : NULL_RESP3;
    }

    /** BCAST's value: the keys of one prefix, as a RESP array. */
    static byte[] keyArray(List<byte[]> keys) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder enc = new RespEncoder(out);
        enc.arrayHeader(keys.size());
        for (byte[] k : keys) {
            enc.bulk(k);
        }
        return out.toByteArray();
    }

    /**
     * sendTrackingMessage: to the tracking client, or to the client it redirects to. {@code key}: one
     * key, sent as a one-element array; otherwise {@code value} is the RESP of the value as is.
     */
    void deliver(Client tracker, byte[] key, byte[] value, Client current, RespEncoder reply) {
        Client target = tracker;
        boolean redirected = false;
        long redirect = tracker.trackingRedirect();
        if (redirect != 0) {
            Client to = clients.byId(redirect);
            if (to == null) {
                tracker.addTrackingFlags(Client.TRACKING_BROKEN_REDIR);
                if (tracker.protocol() > 2) {
                    OutputBuffer out = new OutputBuffer();
                    RespEncoder enc = new RespEncoder(out);
                    enc.setProtocol(3);
                    enc.pushHeader(2);
                    enc.bulk(REDIR_BROKEN);
                    enc.integer(redirect);
                    write(tracker, out.toByteArray(), current, reply);
                }
                return;
            }
            target = to;
            redirected = true;
        }
        OutputBuffer out = new OutputBuffer();
        RespEncoder enc = new RespEncoder(out);
        enc.setProtocol(target.protocol());
        if (target.protocol() > 2) {
            enc.pushHeader(2);
            enc.bulk(INVALIDATE);
        } else if (redirected && target.subscribed()) {
            enc.arrayHeader(3); // addReplyPubsubMessage with the message written below
            enc.bulk(MESSAGE);
            enc.bulk(CHANNEL);
        } else {
            return; // RESP2 without a redirect: nowhere to say it
        }
        if (key != null) {
            enc.arrayHeader(1);
            enc.bulk(key);
        } else {
            out.write(value);
        }
        write(target, out.toByteArray(), current, reply);
    }

    /** The bytes go after the running command's reply if {@code target} ran it, else to its queue. */
    private void write(Client target, byte[] bytes, Client current, RespEncoder reply) {
        if (target == current && reply != null) {
            reply.output().write(bytes);
            return;
        }
        PendingPushes queue = pushes.get(target.id());
        if (queue != null) { // null: the connection has closed
            queue.post(bytes);
        }
    }
}
