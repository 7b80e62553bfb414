package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.resp.CommandContext;

/**
 * The guard of replies whose size a client chooses: {@code HRANDFIELD key -9223372036854775807}
 * asks for that many fields, repeats allowed. Redis streams them until the client's output buffer
 * passes its limit and the client is flagged to close ({@code CLIENT_CLOSE_ASAP}, checked in the
 * loops of hrandfieldWithCountCommand and srandmemberWithCountCommand). Here the same: a command
 * writing such a reply asks {@link #exceeded} every so often, and stops once the connection's output
 * limits refuse more ({@code OutputLimits}), or, for a reply collected away from its connection, once
 * it passes {@link #MAX_PENDING_BYTES}. The one client that asked for it loses its connection;
 * nobody else notices.
 */
public final class ReplyLimit {

    /** The most a reply collected away from its connection (another shard's batch) may hold (bytes). */
    static final int MAX_PENDING_BYTES = 256 << 20;
    /** How many elements to write between two checks. */
    public static final int CHECK_EVERY = 1024;

    private ReplyLimit() {
    }

    /** Whether the reply has outgrown the limit; if so the connection is closed after what is written. */
    public static boolean exceeded(CommandContext<?> ctx) {
        if (!ctx.reply().output().refusing() && ctx.reply().output().pending() <= MAX_PENDING_BYTES) {
            return false;
        }
        if (ctx.connection() != null) {
            ctx.closeAfterReply();
        }
        return true;
    }
}
