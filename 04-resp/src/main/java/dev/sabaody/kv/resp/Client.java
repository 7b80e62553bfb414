package dev.sabaody.kv.resp;

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

    public Client(long id, SocketAddress remote, SocketAddress local, long nowNanos) {
        this.id = id;
        this.addr = format(remote);
        this.laddr = format(local);
        this.createdNanos = nowNanos;
        this.lastInteractionNanos = nowNanos;
    }

    public long id() {
        return id;
    }

    /** The peer's address, {@code ip:port} (CLIENT LIST's addr, MONITOR's lines). */
    public String addr() {
        return addr;
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
     * One line of CLIENT LIST, with Redis 7.0's fields in Redis's order. Fields about Redis's own
     * buffers (qbuf, rbs, omem...) have no meaning here and read 0; fd reads -1 because Java does not
     * expose descriptors; lib-name and lib-ver are 7.2's and appear at the end.
     */
    String infoLine(long nowNanos) {
        long age = (nowNanos - createdNanos) / 1_000_000_000L;
        long idle = (nowNanos - lastInteractionNanos) / 1_000_000_000L;
        return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=-1 name=" + name
                + " age=" + age + " idle=" + idle + " flags=N db=" + db
                + " sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + lastCommand
                + " user=" + userName() + " redir=-1 resp=" + protocol + " lib-name=" + libName + " lib-ver=" + libVer;
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
