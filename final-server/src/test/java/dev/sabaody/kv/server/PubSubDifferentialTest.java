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
 * Pub/Sub against a real redis-server 7.0, byte for byte, with one and two shards: every command and
 * error, RESP2's subscribed context and RESP3's pushes, subscribers and publishers on the same loop
 * (connections 0 and 2) and on different loops (0 and 1). Redis runs privately: PUBSUB NUMPAT and
 * CHANNELS see the whole server.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class PubSubDifferentialTest extends BesideRedis {

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
    void subscribedContext_resp2_onlyTheSubscribeFamilyPingAndQuit() throws Exception {
        new PubSubScript("subscribed context", 1)
                .on(0, "UNSUBSCRIBE").on(0, "PUNSUBSCRIBE").on(0, "SUNSUBSCRIBE")
                .on(0, "UNSUBSCRIBE", "never")
                .on(0, "SUBSCRIBE", "a", "b", "a")
                .on(0, "GET", "x").on(0, "SET", "x", "1").on(0, "PUBLISH", "a", "m")
                .pipeline(0, new String[] {"MULTI"}, new String[] {"PING"}, new String[] {"EXEC"})
                .on(0, "PUBSUB", "NUMPAT").on(0, "NOSUCH", "cmd").on(0, "GET")
                .on(0, "PING").on(0, "PING", "hi").on(0, "PING", "a", "b")
                .on(0, "PSUBSCRIBE", "p*", "q?").on(0, "SSUBSCRIBE", "s1", "s2")
                .on(0, "UNSUBSCRIBE", "a", "zz").on(0, "PUNSUBSCRIBE", "p*").on(0, "SUNSUBSCRIBE", "s2")
                .on(0, "UNSUBSCRIBE").on(0, "PUNSUBSCRIBE").on(0, "GET", "x")
                .on(0, "SUNSUBSCRIBE")
                .on(0, "GET", "x").on(0, "PING").on(0, "DEL", "x")
                .on(0, "SUBSCRIBE").on(0, "PSUBSCRIBE").on(0, "SSUBSCRIBE")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void publish_subscribersOnSameAndOtherLoops_receiveAsRedis() throws Exception {
        new PubSubScript("publish", 4)
                .on(0, "SUBSCRIBE", "news")
                .on(1, "PUBLISH", "news", "from another loop")
                .on(2, "PUBLISH", "news", "from the same loop")
                .on(3, "PSUBSCRIBE", "n*")
                .on(1, "PUBLISH", "news", "to a channel and a pattern")
                .on(1, "PUBLISH", "nope", "pattern only")
                .on(1, "PUBLISH", "other", "nobody")
                .on(2, "SUBSCRIBE", "news")
                .on(1, "PUBLISH", "news", "three receivers")
                .on(1, "PUBSUB", "NUMSUB", "news", "n*", "other")
                .on(1, "PUBSUB", "NUMPAT").on(1, "PUBSUB", "CHANNELS").on(1, "PUBSUB", "CHANNELS", "n?ws")
                .on(1, "PUBSUB", "CHANNELS", "x*")
                .on(0, "UNSUBSCRIBE", "news")
                .on(1, "PUBLISH", "news", "after one left")
                .on(1, "PUBLISH", "news", "")
                .on(0, "PSUBSCRIBE", "n*")
                .on(1, "PUBSUB", "NUMPAT")
                .on(1, "PUBLISH", "nx", "two pattern subscribers")
                .on(3, "PUNSUBSCRIBE")
                .on(1, "PUBSUB", "NUMPAT")
                .on(1, "SPUBLISH", "shard", "nobody")
                .on(3, "SSUBSCRIBE", "shard")
                .on(1, "SPUBLISH", "shard", "sharded")
                .on(1, "PUBLISH", "shard", "not a shard message")
                .on(1, "PUBSUB", "SHARDNUMSUB", "shard", "news").on(1, "PUBSUB", "SHARDCHANNELS")
                .on(1, "PUBSUB", "SHARDCHANNELS", "nomatch*")
                .on(3, "SUNSUBSCRIBE", "shard")
                .on(2, "UNSUBSCRIBE").on(0, "PUNSUBSCRIBE")
                .on(1, "PUBLISH", "news", "nobody left")
                .on(1, "PUBSUB", "CHANNELS")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void resp3_pushesAndAnyCommandWhileSubscribed() throws Exception {
        new PubSubScript("resp3", 3)
                .unchecked(0, "HELLO", "3")
                .on(0, "SUBSCRIBE", "c1")
                .on(0, "SET", "r3key", "v").on(0, "GET", "r3key").on(0, "PING")
                .on(1, "PUBLISH", "c1", "pushed")
                .on(0, "PUBLISH", "c1", "to myself")
                .on(0, "PSUBSCRIBE", "c*")
                .on(2, "PUBLISH", "c1", "channel then pattern")
                .on(0, "UNSUBSCRIBE").on(0, "PUNSUBSCRIBE").on(0, "UNSUBSCRIBE")
                .pipeline(0, new String[] {"MULTI"}, new String[] {"SUBSCRIBE", "c2"}, new String[] {"EXEC"})
                .on(1, "PUBLISH", "c2", "after exec")
                .on(0, "DEL", "r3key")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void pubsubCommandErrors_asRedis() throws Exception {
        new PubSubScript("errors", 1)
                .on(0, "PUBSUB").on(0, "PUBSUB", "HELP").on(0, "PUBSUB", "nosuch")
                .on(0, "PUBSUB", "CHANNELS", "a", "b").on(0, "PUBSUB", "SHARDCHANNELS", "a", "b")
                .on(0, "PUBSUB", "NUMPAT", "x").on(0, "PUBSUB", "NUMSUB").on(0, "PUBSUB", "SHARDNUMSUB")
                .on(0, "PUBLISH", "a").on(0, "SPUBLISH", "a").on(0, "SUBSCRIBE").on(0, "PSUBSCRIBE")
                .on(0, "SSUBSCRIBE").on(0, "PUBLISH", "a", "b", "c")
                .pipeline(0, new String[] {"MULTI"}, new String[] {"PUBLISH", "a", "b"}, new String[] {"EXEC"})
                .assertSameAsRedis(redis.port(), server.port());
    }
}
