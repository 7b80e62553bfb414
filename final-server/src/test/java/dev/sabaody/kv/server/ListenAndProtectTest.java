package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Where the server listens and who may come in: several bind addresses on one port, a unix socket
 * with its permissions, and protected mode, which turns away a client from another machine while
 * the default user has no password, with Redis's exact text. The "other machine" is this machine's
 * own non-loopback address: a connection to it arrives from that address, not from loopback.
 */
class ListenAndProtectTest {

    @TempDir
    Path dir;

    /** This machine's first IPv4 address that is not loopback, or null. */
    private static InetAddress outsideAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    /** Sends {@code request}, reads until the server closes or goes quiet for a moment. */
    private static String exchange(SocketAddress to, String request) throws IOException {
        try (SocketChannel channel = to instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            channel.connect(to);
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            channel.configureBlocking(true);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                buf.clear();
                int n;
                try {
                    n = channel.read(buf);
                } catch (IOException reset) {
                    break; // the server closed with unread input: a reset, after its reply
                }
                if (n < 0) {
                    break;
                }
                got.write(buf.array(), 0, n);
                if (got.toString(StandardCharsets.US_ASCII).endsWith("\r\n") && !request.contains("QUIT")
                        && got.size() > 0 && !got.toString(StandardCharsets.US_ASCII).startsWith("-DENIED")) {
                    break; // a whole reply to a one-command request
                }
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void protectedMode_strangerWithoutPassword_deniedAsRedis() throws Exception {
        InetAddress outside = outsideAddress();
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--bind", "* -::*",
                "--protected-mode", "yes");
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2"),
                     Clock.system())) {
            String redisSays = exchange(new InetSocketAddress(outside, redis.port()), "PING\r\n");
            String oursSays = exchange(new InetSocketAddress(outside, ours.port()), "PING\r\n");
            assertTrue(redisSays.startsWith("-DENIED Redis is running in protected mode"), redisSays);
            assertEquals(redisSays, oursSays);
            assertEquals("+PONG\r\n", exchange(new InetSocketAddress(InetAddress.getLoopbackAddress(), ours.port()),
                    "PING\r\n"), "loopback is let in");
            // With a password the stranger may try to authenticate; with protected-mode off, it is in.
            try (Jedis local = new Jedis("127.0.0.1", ours.port())) {
                local.configSet("requirepass", "pw");
            }
            assertEquals("-NOAUTH Authentication required.\r\n",
                    exchange(new InetSocketAddress(outside, ours.port()), "PING\r\n"));
            try (Jedis local = new Jedis("127.0.0.1", ours.port())) {
                local.auth("pw");
                local.configSet("requirepass", "", "protected-mode", "no");
            }
            assertEquals("+PONG\r\n", exchange(new InetSocketAddress(outside, ours.port()), "PING\r\n"));
        }
    }

    @Test
    void bind_severalAddresses_oneListenerEach() throws Exception {
        InetAddress outside = outsideAddress();
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
        try (SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0")
                .with("bind", "127.0.0.1 " + outside.getHostAddress() + " -192.0.2.123")
                .with("protected-mode", "no"), Clock.system())) {
            assertEquals("+PONG\r\n", exchange(new InetSocketAddress("127.0.0.1", ours.port()), "PING\r\n"));
            assertEquals("+PONG\r\n", exchange(new InetSocketAddress(outside, ours.port()), "PING\r\n"));
        }
    }

    @Test
    void unixSocket_servesWithItsPermissions() throws Exception {
        Path socket = dir.resolve("sabaody.sock");
        try (SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("unixsocket", socket.toString()).with("unixsocketperm", "700"), Clock.system())) {
            assertEquals("+PONG\r\n", exchange(UnixDomainSocketAddress.of(socket), "PING\r\n"));
            assertEquals("$1\r\nv\r\n", exchange(UnixDomainSocketAddress.of(socket),
                    "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n").substring(5));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        }
        assertTrue(Files.notExists(socket), "the socket file is removed at shutdown");
    }

    @Test
    void unixSocketOnly_noTcpListener() throws Exception {
        Path socket = dir.resolve("only.sock");
        try (SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0").with("bind", "")
                .with("unixsocket", socket.toString()), Clock.system())) {
            assertEquals(0, ours.port());
            assertEquals("+PONG\r\n", exchange(UnixDomainSocketAddress.of(socket), "PING\r\n"));
        }
    }
}
