package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Connection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What the server knows about one connected client: the state HELLO, SELECT and CLIENT change, and
 * what CLIENT INFO and CLIENT LIST report. Written only on the connection's loop thread; CLIENT LIST
 * from another loop reads a snapshot that may be a moment old, which is all Redis promises too.
 */
public final class Client {

    private final long id;
    private final String addr;
    private final String laddr;
    private final long createdNanos;
    /** Negotiated protocol: the encoder holds the live value, this mirrors it for CLIENT LIST. */
    private volatile int protocol = 2;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVer = "";
    private volatile int db;
    private volatile long lastInteractionNanos;
    private volatile String lastCommand = "NULL";
    /** Whether the connection may run commands beyond AUTH and HELLO (client.authenticated in Redis). */
    private boolean authenticated;
    /** The user it runs as (CLIENT LIST's user); null until it authenticates, shown as default. */
    private volatile User user;
    /**
     * Channels, patterns and shard channels the client is subscribed to (CLIENT LIST's sub, psub and
     * ssub), set by the Pub/Sub layer on the client's loop. Any of them above 0: the client is in the
     * subscribed context (Redis's CLIENT_PUBSUB flag).
     */
    private volatile int subscribedChannels;
    private volatile int subscribedPatterns;
    private volatile int subscribedShardChannels;
    /** State a later module keeps per client (module 05: its MULTI queue); touched on the client's loop only. */
    private Object attachment;
    /** The client's connection: for CLIENT KILL and its buffers in CLIENT LIST; null for a client without one. */
    private final Connection connection;
    /** Commands queued by MULTI, -1 outside a transaction (CLIENT LIST's multi), and their bytes (multi-mem). */
    private volatile int multi = -1;
    private volatile long multiMem;
    /** CLIENT_DIRTY_CAS: a WATCHed key changed ('d' in flags). */
    private volatile boolean dirtyCas;
    /** CLIENT NO-EVICT ON ('e' in flags). */
    private volatile boolean noEvict;
    /** The client's blocked command, or null ('b' in flags; what CLIENT UNBLOCK ends). */
    private volatile Unblocker blocked;
    /** CLIENT REPLY's state (networking.c's CLIENT_REPLY_OFF, _SKIP_NEXT, _SKIP); the client's loop only. */
    private int replyFlags;
    /**
     * How long its blocked command ran before it blocked (Redis's c->duration): counted in the
     * command's figures once, with the run that serves it or with its timeout (updateStatsOnUnblock).
     * Written and read by whichever thread holds the command, each handing over to the next.
     */
    private long blockedRunNanos;
    /**
     * The largest input buffer read from since {@link #takeInputBufferPeak}: written by the client's
     * loop, read and cleared by the sampling cron; a sample a moment stale is good enough for a peak.
     */
    private long inputPeak;
    /** Killed by CLIENT KILL: it is going, whatever it still sends. */
    private volatile boolean killed;
    /**
     * Client-side caching (CLIENT TRACKING): Redis's CLIENT_TRACKING_* bits ({@link #TRACKING_ON}...),
     * changed by the tracking engine; atomic, because a shard that finds the redirect gone marks
     * it broken from its own thread.
     */
    private final java.util.concurrent.atomic.AtomicInteger tracking = new java.util.concurrent.atomic.AtomicInteger();
    /** CLIENT TRACKING ... REDIRECT id: where invalidations go; 0 for the client itself. */
    private volatile long trackingRedirect;

    /** CLIENT_TRACKING: the client's reads are remembered and invalidated ('t' in flags). */
    public static final int TRACKING_ON = 1;
    /** CLIENT_TRACKING_BCAST: invalidations by prefix, nothing remembered ('B'). */
    public static final int TRACKING_BCAST = 1 << 1;
    /** CLIENT_TRACKING_OPTIN: only reads after CLIENT CACHING yes are remembered. */
    public static final int TRACKING_OPTIN = 1 << 2;
    /** CLIENT_TRACKING_OPTOUT: reads after CLIENT CACHING no are not remembered. */
    public static final int TRACKING_OPTOUT = 1 << 3;
    /** CLIENT_TRACKING_NOLOOP: no invalidation for what the client changed itself. */
    public static final int TRACKING_NOLOOP = 1 << 4;
    /** CLIENT_TRACKING_CACHING: CLIENT CACHING was given for the next command. */
    public static final int TRACKING_CACHING = 1 << 5;
    /** CLIENT_TRACKING_BROKEN_REDIR: the redirect client is gone ('R'). */
    public static final int TRACKING_BROKEN_REDIR = 1 << 6;

    private static final int REPLY_OFF = 1;
    private static final int REPLY_SKIP_NEXT = 2;
    private static final int REPLY_SKIP = 4;

    /** A blocked command that CLIENT UNBLOCK can end, on the client's own loop. */
    public interface Unblocker {
        /** Ends the wait as its timeout would ({@code error} false) or with -UNBLOCKED. */
        void unblock(boolean error);
    }

    public Client(long id, SocketAddress remote, SocketAddress local, long nowNanos) {
        this(id, remote, local, nowNanos, null);
    }

    Client(long id, SocketAddress remote, SocketAddress local, long nowNanos, Connection connection) {
        this.id = id;
        this.addr = format(remote);
        this.laddr = format(local);
        this.createdNanos = nowNanos;
        this.lastInteractionNanos = nowNanos;
        this.connection = connection;
    }

    public long id() {
        return id;
    }

    /** The peer's address, {@code ip:port} (CLIENT LIST's addr, MONITOR's lines, SLOWLOG's client). */
    public String addr() {
        return addr;
    }

    /** The local address it connected to, "ip:port" (CLIENT LIST's laddr). */
    public String laddr() {
        return laddr;
    }

    /** Whether the connection has authenticated, or needed not to. Read on the client's loop. */
    public boolean authenticated() {
        return authenticated;
    }

    /** Marks the connection authenticated as {@code as} (AUTH, HELLO AUTH, or nopass at connect). */
    void authenticated(User as) {
        authenticated = true;
        user = as;
    }

    /** The user the connection runs as; null before it has authenticated. */
    public User user() {
        return user;
    }

    /** CLIENT LIST's user= and ACL LOG's username: the user's name, default before AUTH. */
    public String userName() {
        User u = user;
        return u == null ? Users.DEFAULT_USER : u.name();
    }

    public int protocol() {
        return protocol;
    }

    void setProtocol(int protocol) {
        this.protocol = protocol;
    }

    /** The CLIENT SETNAME name; empty when none. */
    public String name() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    void setLibName(String value) {
        libName = value;
    }

    void setLibVer(String value) {
        libVer = value;
    }

    /** The selected database. */
    public int db() {
        return db;
    }

    void setDb(int db) {
        this.db = db;
    }

    void touched(long nowNanos, String command) {
        lastInteractionNanos = nowNanos;
        lastCommand = command;
    }

    /**
     * One line of CLIENT LIST, with Redis 7.0's fields in Redis's order (catClientInfoString), each
     * from this server's own state: {@code fd} as /proc names the socket ({@code fds}, -1 when not
     * found), the buffers as the connection holds them now. Sabaody-KV keeps a connection's output
     * in one growing array, not Redis's fixed buffer plus a list of blocks: {@code rbs} and {@code rbp}
     * are the array's size; the unsent bytes are counted as Redis would hold them (module 03's
     * ReplyBlocks): the fixed buffer's position ({@code obl}), the reply list's blocks ({@code oll})
     * and their bytes ({@code omem}), a big reply in one block of its own, small ones in 16 KB blocks.
     * {@code argvMem}: the bytes of the command running for this client, if it is the caller.
     * Subscriptions (sub, psub, ssub, flag P) are the Pub/Sub layer's counts; redir and the flags
     * t, R and B are the tracking engine's.
     */
    /**
     * The line without {@code fd} (-1) and {@code argv-mem}: what ACL LOG keeps of a denied client.
     * A denial must stay cheap, and finding a descriptor reads /proc for every connection.
     */
    String infoLine(long nowNanos) {
        return infoLine(nowNanos, SocketDescriptors.NONE, 0);
    }

    String infoLine(long nowNanos, SocketDescriptors fds, long argvMem) {
        long age = (nowNanos - createdNanos) / 1_000_000_000L;
        long idle = (nowNanos - lastInteractionNanos) / 1_000_000_000L;
        int qbuf = connection == null ? 0 : connection.inputPending();
        int qbufFree = connection == null ? 0 : connection.inputFree();
        int pending = connection == null ? 0 : connection.output().pending();
        long obl = connection == null ? 0 : connection.output().replyBufferPosition();
        long oll = connection == null ? 0 : connection.output().replyListBlocks();
        long omem = connection == null ? 0 : connection.output().replyListBytes();
        int rbs = connection == null ? 0 : connection.output().capacity();
        long mm = multiMem;
        long totMem = (long) qbuf + qbufFree + rbs + argvMem + mm;
        return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=" + fds.fdOf(laddr, addr) + " name=" + name
                + " age=" + age + " idle=" + idle + " flags=" + flags() + " db=" + db
                + " sub=" + subscribedChannels + " psub=" + subscribedPatterns + " ssub=" + subscribedShardChannels
                + " multi=" + multi + " qbuf=" + qbuf + " qbuf-free=" + qbufFree
                + " argv-mem=" + argvMem + " multi-mem=" + mm + " rbs=" + rbs + " rbp=" + rbs
                + " obl=" + obl + " oll=" + oll + " omem=" + omem + " tot-mem=" + totMem
                + " events=" + (pending > 0 ? "rw" : "r")
                + " cmd=" + lastCommand + " user=" + userName() + " redir=" + (trackingFlags() == 0 ? -1 : trackingRedirect)
                + " resp=" + protocol;
    }

    /** CLIENT LIST's {@code omem} now (INFO's client_recent_max_output_buffer follows its peak). */
    public long outputListBytes() {
        return connection == null ? 0 : connection.output().replyListBytes();
    }

    /**
     * Its input buffer's size, bytes held and room left (Redis's sdsZmallocSize of the query buffer),
     * at its largest since the last call: the buffer is let go as soon as its commands have run, so a
     * sample of it now would nearly always find it empty where Redis's query buffer stays allocated.
     */
    public long takeInputBufferPeak() {
        long now = connection == null ? 0 : (long) connection.inputPending() + connection.inputFree();
        long peak = Math.max(now, inputPeak);
        inputPeak = 0;
        return peak;
    }

    /** The session read into a buffer of {@code bytes}: kept for {@link #takeInputBufferPeak}. */
    void inputRead(int bytes) {
        if (bytes > inputPeak) {
            inputPeak = bytes;
        }
    }

    /** The bytes its buffers hold room for, input and output (MEMORY STATS' clients.normal). */
    public long bufferBytes() {
        if (connection == null) {
            return 0;
        }
        return (long) connection.inputPending() + connection.inputFree() + connection.output().capacity();
    }

    /** CLIENT LIST's flags, in catClientInfoString's order; N when none. */
    private String flags() {
        StringBuilder f = new StringBuilder(4);
        if (subscribed()) {
            f.append('P');
        }
        if (multi >= 0) {
            f.append('x');
        }
        if (blocked != null) {
            f.append('b');
        }
        int t = tracking.get();
        if ((t & TRACKING_ON) != 0) {
            f.append('t');
        }
        if ((t & TRACKING_BROKEN_REDIR) != 0) {
            f.append('R');
        }
        if ((t & TRACKING_BCAST) != 0) {
            f.append('B');
        }
        if (dirtyCas) {
            f.append('d');
        }
        if (killed) {
            f.append('A');
        }
        if (noEvict) {
            f.append('e');
        }
        return f.isEmpty() ? "N" : f.toString();
    }

    // ---------------------------------------------------------------- what other modules tell CLIENT LIST

    /** Module 05's transaction: {@code queued} commands of {@code bytes} bytes, or -1 outside MULTI. */
    public void multiState(int queued, long bytes, boolean dirty) {
        multi = queued;
        multiMem = bytes;
        dirtyCas = dirty;
    }

    /** The client's command blocks ({@code unblocker}) or stopped blocking (null). */
    public void blocked(Unblocker unblocker) {
        blocked = unblocker;
    }

    public Unblocker blocked() {
        return blocked;
    }

    public boolean noEvict() {
        return noEvict;
    }

    void noEvict(boolean on) {
        noEvict = on;
        if (connection != null) {
            connection.setNoEvict(on);
        }
    }

    /** The connection, or null: CLIENT KILL and invalidation messages reach it through its loop. */
    public Connection connection() {
        return connection;
    }

    /** Marked by CLIENT KILL: gone from CLIENT LIST at once, closed on its own loop. */
    void markKilled() {
        killed = true;
    }

    boolean killed() {
        return killed;
    }

    // ---------------------------------------------------------------- CLIENT TRACKING

    /** The {@code TRACKING_*} bits; 0 when tracking is off. */
    public int trackingFlags() {
        return tracking.get();
    }

    /** Where invalidations go while tracking is on: a client id, or 0 for the client itself. */
    public long trackingRedirect() {
        return trackingRedirect;
    }

    /** CLIENT TRACKING on (with {@code flags}, {@link #TRACKING_ON} among them) or off (0). */
    public void setTracking(int flags, long redirect) {
        trackingRedirect = redirect;
        tracking.set(flags);
    }

    /** Sets {@code bits} (CLIENT CACHING, a broken redirect) if tracking is still on. */
    public void addTrackingFlags(int bits) {
        tracking.updateAndGet(t -> t == 0 ? 0 : t | bits);
    }

    /** Clears {@code bits} (CLIENT CACHING's, once the next command ran). */
    public void clearTrackingFlags(int bits) {
        tracking.updateAndGet(t -> t & ~bits);
    }

    // ---------------------------------------------------------------- CLIENT REPLY

    /** CLIENT REPLY ON: every reply is sent again. */
    void replyOn() {
        replyFlags &= ~(REPLY_OFF | REPLY_SKIP | REPLY_SKIP_NEXT);
    }

    void replyOff() {
        replyFlags |= REPLY_OFF;
    }

    /** CLIENT REPLY SKIP: the next command's reply is dropped (nothing changes while OFF). */
    void replySkipNext() {
        if ((replyFlags & REPLY_OFF) == 0) {
            replyFlags |= REPLY_SKIP_NEXT;
        }
    }

    /** Its command blocked after running {@code nanos}: kept for when it is served or times out. */
    public void blockedRan(long nanos) {
        blockedRunNanos += nanos;
    }

    /** What its command ran before it blocked, now to be counted; 0 after. */
    public long takeBlockedRun() {
        long n = blockedRunNanos;
        blockedRunNanos = 0;
        return n;
    }

    /** Whether the reply being written now is to be dropped (OFF, or the one command SKIP names). */
    public boolean repliesSuppressed() {
        return (replyFlags & (REPLY_OFF | REPLY_SKIP)) != 0;
    }

    /** After each command, as resetClient: SKIP ends, and a SKIP asked by that command begins. */
    void commandDone() {
        if (replyFlags == 0) {
            return;
        }
        replyFlags &= ~REPLY_SKIP;
        if ((replyFlags & REPLY_SKIP_NEXT) != 0) {
            replyFlags = (replyFlags | REPLY_SKIP) & ~REPLY_SKIP_NEXT;
        }
    }

    /** RESET's share of the client (clearClientConnectionState): name, protocol, database, flags. */
    public void reset(Users users) {
        name = "";
        protocol = 2;
        db = 0;
        noEvict(false);
        replyFlags = 0;
        // clientSetDefaultAuth: the default user, authenticated only if it needs no password
        if (users.authRequired()) {
            user = null;
            authenticated = false;
        } else {
            authenticated(users.defaultUser());
        }
    }

    private static String format(SocketAddress address) {
        if (address == null) {
            return ""; // the loop does not tell a session its local address
        }
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Whether the client is subscribed to anything: RESP2 then allows only the subscribe family, PING and QUIT. */
    public boolean subscribed() {
        return subscribedChannels + subscribedPatterns + subscribedShardChannels > 0;
    }

    public int subscribedChannels() {
        return subscribedChannels;
    }

    public int subscribedPatterns() {
        return subscribedPatterns;
    }

    public int subscribedShardChannels() {
        return subscribedShardChannels;
    }

    /** The Pub/Sub layer's counts after a (P|S)SUBSCRIBE or (P|S)UNSUBSCRIBE. */
    public void setSubscriptions(int channels, int patterns, int shardChannels) {
        subscribedChannels = channels;
        subscribedPatterns = patterns;
        subscribedShardChannels = shardChannels;
    }

    /** Attaches state a later module keeps per client (module 05's transaction); replaces any before. */
    public void attach(Object state) {
        attachment = state;
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }
}
