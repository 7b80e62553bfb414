package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keys sharing a hash tag live on one shard, as in Redis Cluster: a script declaring one of them
 * reaches the others undeclared, a transaction over them needs no other shard's keys, and SORT's
 * patterns that carry the sorted key's tag are allowed. Each case picks keys whose whole-key hashes
 * fall on different shards, so it fails when tags are ignored.
 */
class HashTagShardingTest {

    /** Tags {@code t0, t1...} whose keys {@code {t}:a} and {@code {t}:b} would be on different shards without the tag. */
    private static List<String> tagsSplitWithoutTags(int count) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; tags.size() < count; i++) {
            String tag = "t" + i;
            if (wholeKeyShard("{" + tag + "}:a") != wholeKeyShard("{" + tag + "}:b")) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /** The shard of two a key would have if its whole text were hashed, tag ignored (KeyHash's scaling). */
    private static int wholeKeyShard(String key) {
        return (int) (((KeyHash.hash(key.getBytes()) >>> 32) * 2) >>> 32);
    }

    @Test
    void eval_undeclaredKeyWithTheDeclaredKeysTag_reachableOnTwoShards() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            for (String tag : tagsSplitWithoutTags(8)) {
                Object reply = c.call("EVAL", "redis.call('set', KEYS[1], ARGV[2]); "
                        + "return redis.call('incrby', ARGV[1], redis.call('get', KEYS[1]))", "1",
                        "{" + tag + "}:a", "{" + tag + "}:b", "5");
                assertEquals(5L, reply, tag);
            }
        }
    }

    @Test
    void multiExec_taggedKeys_allWrittenAndReadBack() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            String tag = tagsSplitWithoutTags(1).getFirst();
            String a = "{" + tag + "}:a";
            String b = "{" + tag + "}:b";
            assertEquals("OK", c.call("MULTI"));
            assertEquals("QUEUED", c.call("SET", a, "1"));
            assertEquals("QUEUED", c.call("INCRBY", b, "2"));
            assertEquals("QUEUED", c.call("EVAL", "return redis.call('get', KEYS[1]) + redis.call('get', ARGV[1])",
                    "1", a, b));
            assertEquals(List.of("OK", 2L, 3L), c.call("EXEC"));
            // after the transaction, a script declaring only a reads b as its neighbour
            assertEquals("12", c.call("EVAL", "return redis.call('get', KEYS[1]) .. redis.call('get', ARGV[1])",
                    "1", a, b));
        }
    }

    /**
     * A transaction and a script over keys of one tag owned by the client's own shard run there, with
     * no other shard parked: they are answered while the other shard's loop is held by a script that
     * never ends. Parking that shard would leave them unanswered (the read times out).
     */
    @Test
    void multiAndEval_taggedKeysOfTheHomeShard_runWhileTheOtherShardIsHeld() throws Exception {
        // busy-reply-threshold 0: the holding script is never busy, so nothing answers -BUSY meanwhile
        try (SabaodyServer server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("busy-reply-threshold", "0"), Clock.system());
             RawClient holder = new RawClient(server.port()); RawClient sub = new RawClient(server.port());
             RawClient filler = new RawClient(server.port()); RawClient c = new RawClient(server.port())) {
            // dealt to the loops in turn: holder and filler on one, sub and c on the other
            for (RawClient r : List.of(holder, sub, filler, c)) {
                r.send(RawClient.command("PING"));
                assertEquals("+PONG", r.readLine());
            }
            String tag = tagLocalTo(c);
            sub.send(RawClient.command("SUBSCRIBE", "started"));
            for (int i = 0; i < 6; i++) {
                sub.readLine(); // *3 $9 subscribe $7 started :1
            }
            holder.send(RawClient.command("EVAL", "redis.call('publish', 'started', 'x') while true do end", "0"));
            for (String line : List.of("*3", "$7", "message", "$7", "started", "$1", "x")) {
                assertEquals(line, sub.readLine()); // the script runs now, holding its loop
            }
            String a = "{" + tag + "}:a";
            String b = "{" + tag + "}:b";
            c.send(RawClient.command("MULTI"));
            c.send(RawClient.command("SET", a, "1"));
            c.send(RawClient.command("INCR", a));
            c.send(RawClient.command("EXEC"));
            for (String line : List.of("+OK", "+QUEUED", "+QUEUED", "*2", "+OK", ":2")) {
                assertEquals(line, c.readLine());
            }
            c.send(RawClient.command("EVAL", "return redis.call('incr', KEYS[1]) + redis.call('incr', KEYS[2])", "2", a, b));
            assertEquals(":4", c.readLine());
            // the holder is let go: busy after a millisecond, then killed
            c.send(RawClient.command("CONFIG", "SET", "busy-reply-threshold", "1"));
            assertEquals("+OK", c.readLine());
            String reply = "-NOTBUSY";
            for (int i = 0; i < 1_000_000 && reply.startsWith("-NOTBUSY"); i++) {
                c.send(RawClient.command("SCRIPT", "KILL"));
                reply = c.readLine();
            }
            assertEquals("+OK", reply);
            assertTrue(holder.readLine().startsWith("-ERR Script killed by user with SCRIPT KILL"));
        }
    }

    /** A tag whose keys live on {@code client}'s own shard: a script there (numkeys 0) may read them. */
    private static String tagLocalTo(RawClient client) throws java.io.IOException {
        for (int i = 0; ; i++) {
            client.send(RawClient.command("EVAL", "return redis.pcall('exists', ARGV[1])", "0", "{h" + i + "}:a"));
            if (client.readLine().equals(":0")) {
                return "h" + i;
            }
        }
    }

    /** Without a tag the same script is refused, as Redis Cluster refuses it: the test above proves the tag. */
    @Test
    void eval_undeclaredKeyWithoutTag_onAnotherShard_refused() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            String a = "k0";
            String b = "k1";
            for (int i = 1; KeyHash.shardOf(b.getBytes(), 2) == KeyHash.shardOf(a.getBytes(), 2); i++) {
                b = "k" + i;
            }
            Object reply = c.call("EVAL", "return redis.call('get', ARGV[1])", "1", a, b);
            assertTrue(reply instanceof Resp.Error e
                    && e.message().startsWith("ERR Script attempted to access a non local key in a cluster node script"), String.valueOf(reply));
        }
    }

    /** cluster.c patternHashSlot: BY and GET patterns with the sorted key's tag before any '*' are allowed, as in Redis. */
    @Test
    void sort_patternsWithTheSortedKeysTag_answerAsRedis() throws Exception {
        try (SabaodyServer server = TestServers.start(2)) {
            DifferentialHarness.assertSameAsRedis(server.port(), List.of(Case.commands("sort with tagged patterns",
                    new String[] {"RPUSH", "{srt}:l", "3", "1", "2"},
                    new String[] {"MSET", "{srt}:w_1", "30", "{srt}:w_2", "20", "{srt}:w_3", "10", "{srt}:d_1", "one"},
                    new String[] {"SORT", "{srt}:l", "BY", "{srt}:w_*", "GET", "#", "GET", "{srt}:d_*"},
                    new String[] {"SORT_RO", "{srt}:l", "BY", "{srt}:w_*->f", "GET", "{srt}:d_1"},
                    new String[] {"DEL", "{srt}:l", "{srt}:w_1", "{srt}:w_2", "{srt}:w_3", "{srt}:d_1"})));
        }
    }
}
