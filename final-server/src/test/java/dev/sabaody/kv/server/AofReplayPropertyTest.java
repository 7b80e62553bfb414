package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import redis.clients.jedis.Jedis;

/**
 * Whatever the writes, the log replays to the same dataset: random commands (relative and absolute
 * TTLs, random pops, floats, streams, transactions, keys on several shards in one command, other
 * databases) on a server with appendonly yes, then a restart from the log alone: DEBUG DIGEST, which
 * covers every key, value and TTL, is the same.
 */
class AofReplayPropertyTest {

    /** One command: a template and the keys and numbers it is filled with. */
    record Op(int template, int a, int b, int n) {
    }

    private static final String[][] TEMPLATES = {
            {"SET", "k%a", "v%n"}, {"SET", "k%a", "v%n", "EX", "%t"}, {"SET", "k%a", "v%n", "PX", "%t000", "NX"},
            {"EXPIRE", "k%a", "%t"}, {"PEXPIRE", "k%a", "%t000", "GT"}, {"PERSIST", "k%a"}, {"INCR", "c%a"},
            {"INCRBYFLOAT", "f%a", "1.%n"}, {"SADD", "s%a", "m%n", "m%b"}, {"SPOP", "s%a"}, {"SPOP", "s%a", "2"},
            {"MSET", "k%a", "%n", "k%b", "%n"}, {"DEL", "k%a", "k%b"}, {"RENAME", "k%a", "k%b"},
            {"HSET", "h%a", "f%b", "%n"}, {"RPUSH", "l%a", "%n"}, {"LMOVE", "l%a", "l%b", "LEFT", "RIGHT"},
            {"ZADD", "z%a", "%n", "m%b"}, {"XADD", "x%a", "*", "f", "%n"}, {"GETEX", "k%a", "EX", "%t"},
            {"SETEX", "k%a", "%t", "v"}, {"APPEND", "k%a", "x"}, {"COPY", "k%a", "k%b", "REPLACE"},
            {"SMOVE", "s%a", "s%b", "m%n"}, {"EXPIREAT", "k%a", "4102444800"}, {"SINTERSTORE", "s%a", "s%b", "s%a"},
    };

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(-3, TEMPLATES.length - 1),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(1, 100_000)).as(Op::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 12)
    void log_anyWrites_replaysToTheSameDigest(@ForAll("ops") List<Op> ops, @ForAll boolean twoShards) throws Exception {
        Path dir = Files.createTempDirectory("aof-property");
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", twoShards ? "2" : "1")
                .with("dir", dir.toString()).with("save", "").with("appendonly", "yes")
                .with("enable-debug-command", "yes");
        String before;
        try (SabaodyServer server = TestServers.start(config, Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            for (Op op : ops) {
                switch (op.template()) {
                    case -3 -> j.select(op.a() % 3); // later commands in another database
                    case -2, -1 -> { // a transaction of the next few templates
                        var tx = j.multi();
                        for (int i = 0; i < 3; i++) {
                            tx.sendCommand(BgsaveTest.cmd(TEMPLATES[(op.n() + i) % TEMPLATES.length][0]),
                                    args(TEMPLATES[(op.n() + i) % TEMPLATES.length], op));
                        }
                        tx.exec();
                    }
                    default -> {
                        try {
                            j.sendCommand(BgsaveTest.cmd(TEMPLATES[op.template()][0]), args(TEMPLATES[op.template()], op));
                        } catch (redis.clients.jedis.exceptions.JedisDataException wrongTypeOrMissing) {
                            // an error changes nothing, and is not logged
                        }
                    }
                }
            }
            j.select(0);
            before = state(j);
        }
        try (SabaodyServer server = TestServers.start(config, Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(before, state(j));
        }
    }

    /**
     * DEBUG DIGEST, and what it does not cover: each key's absolute expiry time (the digest only
     * notes that there is one) and each stream's entry IDs (XADD * makes them from the clock).
     */
    private static String state(Jedis j) {
        StringBuilder out = new StringBuilder(AofTest.digest(j));
        for (int db = 0; db < 3; db++) {
            j.select(db);
            for (String key : new java.util.TreeSet<>(j.keys("*"))) {
                out.append(' ').append(db).append(':').append(key).append('@').append(j.pexpireTime(key));
                if (j.type(key).equals("stream")) {
                    j.xrange(key, (redis.clients.jedis.StreamEntryID) null, null)
                            .forEach(e -> out.append('/').append(e.getID()));
                }
            }
        }
        j.select(0);
        return out.toString();
    }

    private static String[] args(String[] template, Op op) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < template.length; i++) {
            out.add(template[i].replace("%a", Integer.toString(op.a())).replace("%b", Integer.toString(op.b()))
                    .replace("%t", Integer.toString(100_000 + op.n())) // TTLs outlive the test: what expires is no difference
                    .replace("%n", Integer.toString(op.n())));
        }
        return out.toArray(new String[0]);
    }
}
