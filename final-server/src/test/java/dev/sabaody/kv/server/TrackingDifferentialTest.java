package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client-side caching against a real redis-server 7.0, byte for byte, with one and two shards:
 * CLIENT TRACKING and its kin with every error, invalidations as RESP3 pushes and as RESP2 messages
 * through a redirect, BCAST prefixes, OPTIN / OPTOUT, NOLOOP, transactions and flushes. With two
 * shards, connections 0 and 2 share a loop and 1 and 3 the other, and the keys are spread over both
 * shards: reads and writes travel to the key's shard, invalidations back to the client's loop.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class TrackingDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commandInfoAndDocs_ofTheTrackingSubcommands_asRedis() {
        java.util.List<dev.sabaody.kv.resp.DifferentialHarness.Case> cases = new java.util.ArrayList<>();
        for (String name : new String[] {"client|tracking", "client|caching", "client|getredir", "client|trackinginfo"}) {
            cases.add(dev.sabaody.kv.resp.DifferentialHarness.Case.commands(name,
                    new String[] {"COMMAND", "INFO", name}, new String[] {"COMMAND", "DOCS", name}));
        }
        dev.sabaody.kv.resp.DifferentialHarness.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void defaultMode_resp3_pushesAfterTheReply() throws Exception {
        new PubSubScript("default mode", 3)
                .unchecked(0, "HELLO", "3")
                .on(0, "CLIENT", "TRACKING", "on")
                .on(0, "GET", "a").on(0, "GET", "b").on(0, "MGET", "c", "d").on(0, "STRLEN", "e")
                .on(1, "SET", "a", "1")
                .on(1, "SET", "a", "2")
                .on(0, "SET", "b", "2")
                .on(1, "MSET", "c", "1", "d", "2", "e", "3")
                .on(0, "GET", "a").on(2, "DEL", "a")
                .on(0, "HGETALL", "h").on(1, "HSET", "h", "f", "v")
                .on(0, "GET", "x")
                .pipeline(0, new String[] {"MULTI"}, new String[] {"SET", "x", "1"}, new String[] {"GET", "x"},
                        new String[] {"EXEC"})
                .on(0, "CLIENT", "TRACKINGINFO").on(0, "CLIENT", "GETREDIR")
                .on(0, "GET", "y").on(0, "GET", "z")
                .on(1, "FLUSHALL")
                .on(1, "SET", "y", "1")
                .on(0, "GET", "y")
                .on(0, "FLUSHDB")
                .on(0, "GET", "p").pipeline(0, new String[] {"SET", "p", "1"}, new String[] {"GET", "p"})
                .on(0, "CLIENT", "TRACKING", "off")
                .on(0, "GET", "f").on(1, "SET", "f", "1")
                .on(0, "CLIENT", "TRACKINGINFO").on(0, "CLIENT", "GETREDIR")
                .on(1, "FLUSHALL")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void scripts_theirReadsAreTheCallersAndTheirWritesInvalidate() throws Exception {
        new PubSubScript("scripts", 2)
                .unchecked(0, "HELLO", "3")
                .on(0, "CLIENT", "TRACKING", "on")
                .on(0, "EVAL", "return redis.call('get', KEYS[1])", "1", "s1")
                .on(0, "EVAL_RO", "return redis.call('get', KEYS[1])", "1", "s2")
                .on(1, "SET", "s1", "x").on(1, "SET", "s2", "x")
                .on(0, "GET", "s3")
                .on(1, "EVAL", "return redis.call('set', KEYS[1], 'y')", "1", "s3")
                .on(0, "GET", "s3")
                .on(0, "EVAL", "return redis.call('set', KEYS[1], 'z')", "1", "s3")
                .on(1, "FLUSHALL")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void redirect_resp2_messagesOnTheInvalidateChannel() throws Exception {
        new PubSubScript("redirect", 3)
                .on(1, "SUBSCRIBE", "__redis__:invalidate")
                .on(0, "CLIENT", "TRACKING", "on", "REDIRECT", "{id:1}")
                .on(0, "GET", "a").on(0, "GET", "b").on(0, "GET", "c")
                .on(2, "SET", "a", "1")
                .on(0, "SET", "b", "1")
                .on(2, "MSET", "a", "2", "b", "2", "c", "3")
                .on(0, "GET", "a")
                .on(2, "FLUSHALL")
                .on(0, "GET", "a")
                .on(0, "FLUSHALL")
                .on(0, "CLIENT", "TRACKING", "off")
                .unchecked(2, "HELLO", "3").on(0, "CLIENT", "TRACKING", "on", "REDIRECT", "{id:2}")
                .on(0, "GET", "r").on(1, "SET", "r", "1").on(0, "SET", "r", "2")
                .unchecked(2, "HELLO", "2").on(0, "GET", "r").on(1, "SET", "r", "3")
                .on(0, "CLIENT", "TRACKING", "off")
                .on(1, "UNSUBSCRIBE")
                .on(2, "CLIENT", "TRACKING", "on").on(2, "GET", "q").on(1, "SET", "q", "1")
                .on(2, "FLUSHALL")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void bcast_prefixesAndNoloop() throws Exception {
        new PubSubScript("bcast", 3)
                .unchecked(0, "HELLO", "3")
                .unchecked(2, "HELLO", "3")
                .on(0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a:", "PREFIX", "b:")
                .on(1, "SET", "a:1", "x")
                .on(1, "MSET", "a:2", "x", "b:1", "y", "c:1", "z")
                .on(1, "SET", "c:2", "x")
                .on(0, "SET", "a:9", "x")
                .on(0, "CLIENT", "TRACKING", "on", "PREFIX", "c:")
                .on(0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "c:")
                .on(1, "SET", "c:3", "x")
                .on(0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a:b")
                .on(0, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "d", "PREFIX", "dd")
                .on(0, "CLIENT", "TRACKINGINFO")
                .on(2, "CLIENT", "TRACKING", "on", "BCAST", "NOLOOP")
                .on(2, "SET", "q", "1")
                .on(1, "SET", "q", "2")
                .on(2, "SET", "a:5", "1")
                .on(2, "CLIENT", "TRACKINGINFO")
                .on(0, "CLIENT", "TRACKING", "on")
                .on(1, "FLUSHALL")
                .on(0, "CLIENT", "TRACKING", "off").on(2, "CLIENT", "TRACKING", "off")
                .on(1, "SET", "a:1", "again")
                .assertSameAsRedis(redis.port(), server.port());
    }

    /** A key owned by shard {@code shard} of two. */
    private static String keyOfShard(int shard, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (dev.sabaody.kv.data.KeyHash.shardOf(bytes, 2) == shard) {
                return key;
            }
        }
    }

    /**
     * CLIENT CACHING is for the next command the client sent, wherever the reads of a pipeline run:
     * with two shards one of the two orders puts a read of the other shard first, which runs after the
     * read of the home shard behind it, and must still be the one remembered.
     */
    @Test
    void optinCaching_inAPipelineOverTwoShards_tracksTheCommandRightAfterIt() throws Exception {
        String a = keyOfShard(0, "opt:"), b = keyOfShard(1, "opt:");
        new PubSubScript("optin pipeline", 2)
                .unchecked(0, "HELLO", "3")
                .on(0, "CLIENT", "TRACKING", "on", "OPTIN")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"GET", a}, new String[] {"GET", b})
                .on(1, "MSET", a, "1", b, "2")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"GET", b}, new String[] {"GET", a})
                .on(1, "MSET", a, "3", b, "4")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"MGET", a, b}, new String[] {"GET", a})
                .on(1, "SET", a, "5").on(1, "SET", b, "6")
                .on(0, "CLIENT", "TRACKING", "off").on(0, "CLIENT", "TRACKING", "on", "OPTOUT")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "no"}, new String[] {"GET", b}, new String[] {"GET", a})
                .on(1, "MSET", a, "7", b, "8")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "no"}, new String[] {"GET", a}, new String[] {"GET", b})
                .on(1, "MSET", a, "9", b, "10")
                .on(1, "FLUSHALL")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void optinOptoutNoloop_andErrors() throws Exception {
        new PubSubScript("optin optout", 2)
                .unchecked(0, "HELLO", "3")
                .on(0, "CLIENT", "CACHING", "yes").on(0, "CLIENT", "CACHING").on(0, "CLIENT", "TRACKING")
                .on(0, "CLIENT", "GETREDIR", "x").on(0, "CLIENT", "TRACKINGINFO", "x")
                .on(0, "CLIENT", "TRACKING", "maybe").on(0, "CLIENT", "TRACKING", "on", "BADOPT")
                .on(0, "CLIENT", "TRACKING", "on", "PREFIX", "x")
                .on(0, "CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT")
                .on(0, "CLIENT", "TRACKING", "on", "BCAST", "OPTIN")
                .on(0, "CLIENT", "TRACKING", "on", "REDIRECT", "987654")
                .on(0, "CLIENT", "TRACKING", "on", "REDIRECT", "nan")
                .on(0, "CLIENT", "TRACKING", "on", "REDIRECT", "{id:1}", "REDIRECT", "{id:1}")
                .on(0, "CLIENT", "TRACKING", "on", "REDIRECT")
                .on(0, "CLIENT", "TRACKING", "off", "BCAST", "PREFIX", "p")
                .on(0, "CLIENT", "TRACKINGINFO")
                .on(0, "CLIENT", "TRACKING", "on", "OPTIN")
                .on(0, "CLIENT", "CACHING", "no").on(0, "CLIENT", "CACHING", "maybe")
                .on(0, "GET", "k1")
                // CACHING lasts one command: the next one must come in the same write, before the
                // script's marker PING (which would end it on Redis). No second read in that write:
                // with two shards, reads of different shards may run in either order.
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"CLIENT", "TRACKINGINFO"},
                        new String[] {"CLIENT", "GETREDIR"}, new String[] {"GET", "k2"})
                .on(0, "GET", "k3")
                .on(1, "MSET", "k1", "1", "k2", "2", "k3", "3")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"MULTI"}, new String[] {"GET", "k1"},
                        new String[] {"GET", "k3"}, new String[] {"EXEC"}, new String[] {"GET", "k2"})
                .on(1, "MSET", "k1", "1", "k2", "2", "k3", "3")
                .on(0, "CLIENT", "TRACKING", "on", "OPTOUT")
                .on(0, "CLIENT", "TRACKING", "off").on(0, "CLIENT", "TRACKING", "on", "OPTOUT")
                .pipeline(0, new String[] {"CLIENT", "CACHING", "yes"}, new String[] {"GET", "k1"},
                        new String[] {"CLIENT", "CACHING", "no"}, new String[] {"CLIENT", "TRACKINGINFO"},
                        new String[] {"GET", "k2"}, new String[] {"CLIENT", "TRACKINGINFO"})
                .on(1, "MSET", "k1", "1", "k2", "2")
                .on(0, "CLIENT", "TRACKING", "off").on(0, "CLIENT", "TRACKING", "on", "NOLOOP")
                .on(0, "GET", "n").on(0, "SET", "n", "1").on(0, "GET", "n").on(1, "SET", "n", "2")
                .on(0, "CLIENT", "TRACKINGINFO")
                .on(0, "RESET").on(0, "CLIENT", "TRACKINGINFO")
                .on(1, "FLUSHALL")
                .assertSameAsRedis(redis.port(), server.port());
    }
}
