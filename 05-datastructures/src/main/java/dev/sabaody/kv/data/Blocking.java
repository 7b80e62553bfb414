package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.CommandContext;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a blocking command (BLPOP, BLMOVE, BZPOPMIN, ...) calls when it finds nothing to serve:
 * {@link #block} writes no reply and asks the runner to park the client on its keys. The runner
 * then retries the whole command when one of the keys is created, and answers the timeout reply
 * when the time runs out (see {@link BlockedClients}).
 *
 * <p>Inside MULTI/EXEC a command must not block (blocked.c: CLIENT_DENY_BLOCKING): {@link #block}
 * then answers at once as if the timeout had passed.
 */
public final class Blocking {

    /** What a timed-out blocking command answers. */
    public enum TimeoutReply {
        /** BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP: {@code *-1} (RESP3 {@code _}). */
        NULL_ARRAY,
        /** BLMOVE, BRPOPLPUSH: {@code $-1} (RESP3 {@code _}). */
        NULL_BULK
    }

    private Blocking() {
    }

    /**
     * Parks the client on {@code keys} (of its selected database) for {@code timeoutMillis}
     * milliseconds, 0 meaning for ever. The command writes no reply of its own.
     */
    public static void block(CommandContext<? extends Db> ctx, List<byte[]> keys, long timeoutMillis,
                             TimeoutReply onTimeout) {
        Keyspace keyspace = ctx.db().keyspace();
        if (keyspace.blockingDenied()) {
            writeTimeoutReply(ctx, onTimeout);
            return;
        }
        keyspace.requestBlock(new Keyspace.BlockRequest(ctx.client().db(), keys, timeoutMillis, onTimeout));
    }

    public static void writeTimeoutReply(CommandContext<?> ctx, TimeoutReply onTimeout) {
        if (onTimeout == TimeoutReply.NULL_ARRAY) {
            ctx.reply().nullArray();
        } else {
            ctx.reply().nullBulk();
        }
    }

    /**
     * The timeout argument {@code i}, in seconds with decimals, as milliseconds (getTimeoutFromObjectOrReply,
     * timeout.c); 0 means for ever. Returns -1 after writing Redis's error when it is not valid.
     */
    public static long parseTimeoutSeconds(CommandContext<?> ctx, int i) {
        String text = ctx.argv().string(i);
        BigDecimal seconds;
        try {
            if (text.isEmpty() || Character.isWhitespace(text.charAt(0))
                    || Character.isWhitespace(text.charAt(text.length() - 1))) {
                throw new NumberFormatException();
            }
            double d = Double.parseDouble(text);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            seconds = new BigDecimal(d);
        } catch (NumberFormatException e) {
            ctx.reply().error("timeout is not a float or out of range");
            return -1;
        }
        if (seconds.signum() < 0) {
            ctx.reply().error("timeout is negative");
            return -1;
        }
        BigDecimal millis = seconds.multiply(BigDecimal.valueOf(1000));
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            ctx.reply().error("timeout is out of range");
            return -1;
        }
        long ms = millis.longValue();
        // A positive timeout below one millisecond still waits (Redis rounds up to 1 ms... of a tick).
        return ms == 0 && seconds.signum() > 0 ? 1 : ms;
    }
}
