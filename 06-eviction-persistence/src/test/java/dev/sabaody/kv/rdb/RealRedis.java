package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * A private redis-server 7.0 on a free port whose data directory and file the test chooses: the
 * oracle for what Redis writes and what it loads. Skipped (not failed) where redis-server is missing.
 */
final class RealRedis implements AutoCloseable {

    final Process process;
    final int port;
    final Jedis jedis;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
        this.jedis = new Jedis("127.0.0.1", port, 10_000);
    }

    static RealRedis start(Path dir, String dbfilename) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", dbfilename, "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // wait until it answers: loading a file happens before the first reply
        for (int i = 0; i < 600; i++) {
            try (Jedis probe = new Jedis("127.0.0.1", port, 1000)) {
                if ("PONG".equals(probe.ping())) {
                    return new RealRedis(p, port);
                }
            } catch (Exception notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(50); // a process start, no clock to inject
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer");
    }

    /** Every key of every database in {@link Snapshot}'s form, read with TYPE, PEXPIRETIME and the type's read command. */
    Map<Integer, Map<String, String>> snapshot() {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int d = 0; d < 16; d++) {
            jedis.select(d);
            Map<String, String> keys = new TreeMap<>();
            for (byte[] key : jedis.keys("*".getBytes())) {
                long expireAt = jedis.pexpireTime(key);
                keys.put(Snapshot.hex(key), expireAt + " " + contents(key));
            }
            if (!keys.isEmpty()) {
                out.put(d, keys);
            }
        }
        jedis.select(0);
        return out;
    }

    private String contents(byte[] key) {
        String type = jedis.type(key);
        return switch (type) {
            case "string" -> "string " + Snapshot.hex(jedis.get(key));
            case "list" -> {
                List<String> items = new ArrayList<>();
                jedis.lrange(key, 0, -1).forEach(b -> items.add(Snapshot.hex(b)));
                yield "list " + items;
            }
            case "set" -> {
                TreeSet<String> items = new TreeSet<>();
                jedis.smembers(key).forEach(b -> items.add(Snapshot.hex(b)));
                yield "set " + items;
            }
            case "zset" -> {
                List<String> items = new ArrayList<>();
                for (Tuple t : jedis.zrangeWithScores(key, 0, -1)) {
                    items.add(Snapshot.hex(t.getBinaryElement()) + "=" + t.getScore());
                }
                yield "zset " + items;
            }
            case "hash" -> {
                TreeMap<String, String> items = new TreeMap<>();
                jedis.hgetAll(key).forEach((f, v) -> items.put(Snapshot.hex(f), Snapshot.hex(v)));
                yield "hash " + items;
            }
            default -> type;
        };
    }

    @Override
    public void close() throws IOException {
        jedis.close();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
