package dev.sabaody.kv.resp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which file descriptor holds each TCP connection, for CLIENT LIST's {@code fd}. The JDK does not
 * tell a socket channel's descriptor without opening its internals, but Linux does: /proc/self/fd
 * links each descriptor to "socket:[inode]", and /proc/net/tcp and tcp6 give each inode's local
 * and remote address. Read once per CLIENT LIST (O(N), as the command is), never on the request path.
 * Where there is no /proc, every connection reads -1.
 */
final class SocketDescriptors {

    /** Knows no descriptor: every connection reads -1. */
    static final SocketDescriptors NONE = new SocketDescriptors(Map.of());

    private final Map<String, Integer> byAddresses;

    private SocketDescriptors(Map<String, Integer> byAddresses) {
        this.byAddresses = byAddresses;
    }

    static SocketDescriptors read() {
        Map<String, Integer> fdByInode = new HashMap<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        fdByInode.put(target.substring(8, target.length() - 1), Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed while listing: not a client's
                }
            }
        } catch (IOException | RuntimeException e) {
            return new SocketDescriptors(Map.of());
        }
        Map<String, Integer> byAddresses = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (int i = 1; i < lines.size(); i++) {
                    String[] f = lines.get(i).trim().split("\\s+");
                    Integer fd = fdByInode.get(f[9]);
                    if (fd != null) {
                        byAddresses.put(address(f[1]) + "|" + address(f[2]), fd);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no such table (IPv6 off): its sockets read -1
            }
        }
        return new SocketDescriptors(byAddresses);
    }

    /** The descriptor of the connection from {@code remote} to {@code local} ("ip:port" each), or -1. */
    int fdOf(String local, String remote) {
        return byAddresses.getOrDefault(local + "|" + remote, -1);
    }

    /**
     * "0100007F:1F90" → "127.0.0.1:8080": the address as the kernel's words in host order (little
     * endian here), the port in hex; printed as {@link InetAddress#getHostAddress} prints it, as
     * {@link Client} prints its addresses.
     */
    private static String address(String hex) throws IOException {
        int colon = hex.indexOf(':');
        String ip = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        byte[] bytes = new byte[ip.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(ip.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + ":" + port;
    }
}
