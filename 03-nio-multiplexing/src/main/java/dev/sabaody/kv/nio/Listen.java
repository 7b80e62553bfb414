package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a server listens (Redis's {@code bind}, {@code port}, {@code tcp-backlog},
 * {@code unixsocket} and {@code unixsocketperm}): any number of addresses on one port, and a unix
 * domain socket. Java's {@code ServerSocketChannel} takes both kinds, and both register with the
 * same {@code Selector}: a unix socket is one more listener for loop 0.
 *
 * <p>An address marked optional ({@code -::*} in Redis's default {@code bind * -::*}) is skipped when
 * the machine cannot bind it (no IPv6, say), as Redis skips it; any other failure stops start-up.
 * Port 0 is resolved by the first address; the others bind the port it got.
 *
 * <p>A Java socket bound to {@code ::} accepts IPv4 too (Java does not expose IPV6_V6ONLY, which
 * Redis sets). So {@code ::} is bound first when present, and {@code 0.0.0.0} is then already served.
 *
 * @param addresses      the addresses to listen on, in order; empty for none (unix socket only)
 * @param port           the TCP port, 0 for any free one (tests use 0)
 * @param backlog        the kernel's queue of connections not yet accepted (tcp-backlog, 511)
 * @param unixSocket     the unix socket's path, or null for none
 * @param unixSocketPerm the socket file's permissions as an octal number (unixsocketperm), 0 to leave them
 */
public record Listen(List<Address> addresses, int port, int backlog, Path unixSocket, int unixSocketPerm) {

    /** One address of {@code bind}; {@code optional} is its {@code -} prefix. */
    public record Address(InetAddress ip, boolean optional) {
    }

    public Listen {
        addresses = List.copyOf(addresses);
    }

    /** Loopback only, on this port, Redis's backlog, no unix socket. */
    public static Listen onPort(int port) {
        return new Listen(List.of(new Address(InetAddress.getLoopbackAddress(), false)), port, 511, null, 0);
    }

    /**
     * Opens every listener, non-blocking. The TCP ones come first, so the first is what
     * {@code port()} reports. Closes what it opened when one fails.
     */
    List<ServerSocketChannel> open() throws IOException {
        List<ServerSocketChannel> opened = new ArrayList<>();
        try {
            int boundPort = port;
            boolean anyV6 = false;
            for (Address a : wildcardV6First()) {
                if (a.ip().isAnyLocalAddress() && a.ip() instanceof java.net.Inet4Address && anyV6) {
                    continue; // "::" is dual-stack here: it already takes IPv4
                }
                ServerSocketChannel channel = ServerSocketChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    channel.bind(new InetSocketAddress(a.ip(), boundPort), backlog);
                } catch (IOException e) {
                    channel.close();
                    if (a.optional() && isUnavailable(e)) {
                        Log.info("not listening on optional address %s: %s", a.ip().getHostAddress(), e.getMessage());
                        continue;
                    }
                    throw new IOException("Could not create server TCP listening socket "
                            + a.ip().getHostAddress() + ":" + boundPort + ": " + e.getMessage(), e);
                }
                channel.configureBlocking(false);
                opened.add(channel);
                boundPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                anyV6 |= a.ip().isAnyLocalAddress() && a.ip() instanceof java.net.Inet6Address;
            }
            if (unixSocket != null) {
                opened.add(openUnix());
            }
            if (opened.isEmpty()) {
                throw new IOException("Configured to not listen anywhere, exiting.");
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel c : opened) {
                c.close();
            }
            throw e;
        }
    }

    private List<Address> wildcardV6First() {
        List<Address> ordered = new ArrayList<>();
        for (Address a : addresses) {
            if (a.ip().isAnyLocalAddress() && a.ip() instanceof java.net.Inet6Address) {
                ordered.add(a);
            }
        }
        for (Address a : addresses) {
            if (!ordered.contains(a)) {
                ordered.add(a);
            }
        }
        return ordered;
    }

    /** What Redis's optional bind skips: the address or its family does not exist here. */
    private static boolean isUnavailable(IOException e) {
        String m = String.valueOf(e.getMessage());
        return e instanceof BindException && (m.contains("Cannot assign requested address")
                || m.contains("not supported") || m.contains("Address family"))
                || e instanceof java.net.SocketException && m.contains("Protocol family unavailable");
    }

    /** anetUnixServer: an old socket file is removed first; then the permissions are set. */
    private ServerSocketChannel openUnix() throws IOException {
        Files.deleteIfExists(unixSocket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(unixSocket), backlog);
            if (unixSocketPerm != 0) {
                Files.setPosixFilePermissions(unixSocket, permissions(unixSocketPerm));
            }
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("Failed opening Unix socket: " + e.getMessage(), e);
        }
    }

    static Set<PosixFilePermission> permissions(int octal) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((octal & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** How the listeners read in a log line: {@code 127.0.0.1:6379, /tmp/redis.sock}. */
    static String describe(List<ServerSocketChannel> channels) {
        List<String> parts = new ArrayList<>();
        for (ServerSocketChannel c : channels) {
            try {
                parts.add(c.getLocalAddress() instanceof InetSocketAddress inet
                        ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                        : String.valueOf(c.getLocalAddress()));
            } catch (IOException e) {
                parts.add("?");
            }
        }
        return String.join(", ", parts);
    }
}
