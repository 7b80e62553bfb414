package dev.sabaody.kv.server.pubsub;

import static dev.sabaody.kv.resp.Client.TRACKING_BCAST;
import static dev.sabaody.kv.resp.Client.TRACKING_BROKEN_REDIR;
import static dev.sabaody.kv.resp.Client.TRACKING_CACHING;
import static dev.sabaody.kv.resp.Client.TRACKING_NOLOOP;
import static dev.sabaody.kv.resp.Client.TRACKING_ON;
import static dev.sabaody.kv.resp.Client.TRACKING_OPTIN;
import static dev.sabaody.kv.resp.Client.TRACKING_OPTOUT;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.ClientTracking;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO, as Redis 7.0's clientCommand parses and
 * answers them (networking.c), errors word for word. They run on the client's home loop: the
 * router sends CLIENT home, and a client's tracking options are its own.
 */
final class TrackingCommands implements ClientTracking {

    private final Tracking tracking;

    TrackingCommands(Tracking tracking) {
        this.tracking = tracking;
    }

    /** CLIENT TRACKING (on|off) [REDIRECT id] [BCAST] [PREFIX p]... [OPTIN] [OPTOUT] [NOLOOP]. */
    @Override
    public void tracking(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        Client client = ctx.client();
        long redirect = 0;
        int options = 0;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < argv.argc(); j++) {
            boolean more = j < argv.argc() - 1;
            if (argv.equalsIgnoreCase(j, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    ctx.reply().error("A client can only redirect to a single other client");
                    return;
                }
                if (!argv.parseLong(j)) {
                    ctx.reply().error("value is not an integer or out of range");
                    return;
                }
                redirect = argv.parsedLong();
                // Required to exist now, though it may leave later: a sanity check, as in Redis.
                if (tracking.clientById(redirect) == null) {
                    ctx.reply().error("The client ID you want redirect to does not exist");
                    return;
                }
            } else if (argv.equalsIgnoreCase(j, "bcast")) {
                options |= TRACKING_BCAST;
            } else if (argv.equalsIgnoreCase(j, "optin")) {
                options |= TRACKING_OPTIN;
            } else if (argv.equalsIgnoreCase(j, "optout")) {
                options |= TRACKING_OPTOUT;
            } else if (argv.equalsIgnoreCase(j, "noloop")) {
                options |= TRACKING_NOLOOP;
            } else if (argv.equalsIgnoreCase(j, "prefix") && more) {
                j++;
                prefixes.add(argv.copy(j));
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (argv.equalsIgnoreCase(2, "on")) {
            if (refused(ctx, client, options, prefixes)) {
                return;
            }
            tracking.enable(client, options, redirect, prefixes);
        } else if (argv.equalsIgnoreCase(2, "off")) {
            tracking.disable(client);
        } else {
            ctx.replySyntaxError();
            return;
        }
        ctx.reply().ok();
    }

    /** The checks before enableTracking, in Redis's order; true when one failed and was answered. */
    private boolean refused(CommandContext<?> ctx, Client client, int options, List<byte[]> prefixes) {
        int now = client.trackingFlags();
        if ((options & TRACKING_BCAST) == 0 && !prefixes.isEmpty()) {
            ctx.reply().error("PREFIX option requires BCAST mode to be enabled");
            return true;
        }
        if ((now & TRACKING_ON) != 0 && ((now & TRACKING_BCAST) != 0) != ((options & TRACKING_BCAST) != 0)) {
            ctx.reply().error("You can't switch BCAST mode on/off before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.");
            return true;
        }
        if ((options & TRACKING_BCAST) != 0 && (options & (TRACKING_OPTIN | TRACKING_OPTOUT)) != 0) {
            ctx.reply().error("OPTIN and OPTOUT are not compatible with BCAST");
            return true;
        }
        if ((options & TRACKING_OPTIN) != 0 && (options & TRACKING_OPTOUT) != 0) {
            ctx.reply().error("You can't specify both OPTIN mode and OPTOUT mode");
            return true;
        }
        if (((options & TRACKING_OPTIN) != 0 && (now & TRACKING_OPTOUT) != 0)
                || ((options & TRACKING_OPTOUT) != 0 && (now & TRACKING_OPTIN) != 0)) {
            ctx.reply().error("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                    + "and then re-enabling it with a different mode.");
            return true;
        }
        return (options & TRACKING_BCAST) != 0 && prefixCollision(ctx, client, prefixes);
    }

    /**
     * checkPrefixCollisionsOrReply: two prefixes of one client collide when one starts the other
     * (a key under both would be invalidated twice).
     */
    private boolean prefixCollision(CommandContext<?> ctx, Client client, List<byte[]> prefixes) {
        Collection<byte[]> existing = tracking.prefixesOf(client);
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            for (byte[] old : existing) {
                if (overlap(old, p)) {
                    ctx.reply().error("Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(old)
                            + "'. Prefixes for a single client must not overlap.");
                    return true;
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    ctx.reply().error("Prefix '" + text(p) + "' overlaps with another provided prefix '"
                            + text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.");
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** CLIENT CACHING yes|no: the next command's reads are (OPTIN) or are not (OPTOUT) remembered. */
    @Override
    public void caching(CommandContext<?> ctx) {
        Client client = ctx.client();
        int flags = client.trackingFlags();
        if ((flags & TRACKING_ON) == 0) {
            ctx.reply().error("CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
                    + "OPTOUT mode enabled");
            return;
        }
        if (ctx.argv().equalsIgnoreCase(2, "yes")) {
            if ((flags & TRACKING_OPTIN) == 0) {
                ctx.reply().error("CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
                return;
            }
        } else if (ctx.argv().equalsIgnoreCase(2, "no")) {
            if ((flags & TRACKING_OPTOUT) == 0) {
                ctx.reply().error("CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
                return;
            }
        } else {
            ctx.replySyntaxError();
            return;
        }
        client.addTrackingFlags(TRACKING_CACHING);
        ctx.reply().ok();
    }

    @Override
    public void getRedir(CommandContext<?> ctx) {
        Client client = ctx.client();
        ctx.reply().integer((client.trackingFlags() & TRACKING_ON) != 0 ? client.trackingRedirect() : -1);
    }

    /** A map of flags (a set), redirect and prefixes, in Redis's order. */
    @Override
    public void trackingInfo(CommandContext<?> ctx) {
        Client client = ctx.client();
        int f = client.trackingFlags();
        RespEncoder reply = ctx.reply();
        List<String> flags = new ArrayList<>();
        flags.add((f & TRACKING_ON) != 0 ? "on" : "off");
        if ((f & TRACKING_BCAST) != 0) {
            flags.add("bcast");
        }
        if ((f & TRACKING_OPTIN) != 0) {
            flags.add("optin");
            if ((f & TRACKING_CACHING) != 0) {
                flags.add("caching-yes");
            }
        }
        if ((f & TRACKING_OPTOUT) != 0) {
            flags.add("optout");
            if ((f & TRACKING_CACHING) != 0) {
                flags.add("caching-no");
            }
        }
        if ((f & TRACKING_NOLOOP) != 0) {
            flags.add("noloop");
        }
        if ((f & TRACKING_BROKEN_REDIR) != 0) {
            flags.add("broken_redirect");
        }
        reply.mapHeader(3);
        reply.bulkString("flags");
        reply.setHeader(flags.size());
        for (String flag : flags) {
            reply.bulkString(flag);
        }
        reply.bulkString("redirect");
        reply.integer((f & TRACKING_ON) != 0 ? client.trackingRedirect() : -1);
        reply.bulkString("prefixes");
        Collection<byte[]> prefixes = tracking.prefixesOf(client);
        reply.arrayHeader(prefixes.size());
        for (byte[] p : prefixes) {
            reply.bulk(p);
        }
    }
}
