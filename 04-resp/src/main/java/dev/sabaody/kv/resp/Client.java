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
    /** The user it runs as (CLIENT LIST's user). */
    private volatile String user = Users.DEFAULT_USER;
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

    /** The peer's address, "ip:port" (CLIENT LIST's addr, SLOWLOG's client). */
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

    /** Marks the connection authenticated as {@code userName} (AUTH, HELLO AUTH, or nopass at connect). */
    void authenticated(String userName) {
        authenticated = true;
        user = userName;
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
                + " user=" + user + " redir=-1 resp=" + protocol + " lib-name=" + libName + " lib-ver=" + libVer;
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

    /** Attaches state a later module keeps per client (module 05's transaction); replaces any before. */
    public void attach(Object state) {
        attachment = state;
    }

    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }
}
