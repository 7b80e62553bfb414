package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SORT's BY and GET patterns read keys the sorted key does not name. With one shard they are all
 * here (as in a standalone Redis, byte for byte); with several they may be anywhere, and SORT
 * refuses them as Redis Cluster does, rather than read a shard's share of them.
 */
class SortShardingTest {

    private static final String BY_DENIED = "ERR BY option of SORT denied in Cluster mode when keys formed by the"
            + " pattern may be in different slots.";
    private static final String GET_DENIED = "ERR GET option of SORT denied in Cluster mode when keys formed by the"
            + " pattern may be in different slots.";

    /** Two keys, one on each of two shards. */
    private static List<String> onBothShards() {
        String first = "k0";
        int owner = dev.sabaody.kv.data.KeyHash.shardOf(first.getBytes(), 2);
        for (int i = 1; ; i++) {
            String key = "k" + i;
            if (dev.sabaody.kv.data.KeyHash.shardOf(key.getBytes(), 2) != owner) {
                return List.of(first, key);
            }
        }
    }

    @Test
    void oneShard_byAndGetPatterns_asStandaloneRedis() throws Exception {
        try (SabaodyServer server = TestServers.start(1)) {
            DifferentialHarness.assertSameAsRedis(server.port(), List.of(Case.commands("sort by and get",
                    new String[] {"RPUSH", "sortsh:l", "3", "1", "2"}, new String[] {"MSET", "sortsh:w_1", "30",
                            "sortsh:w_2", "20", "sortsh:w_3", "10", "sortsh:d_1", "one"},
                    new String[] {"SORT", "sortsh:l", "BY", "sortsh:w_*", "GET", "#", "GET", "sortsh:d_*"},
                    new String[] {"DEL", "sortsh:l", "sortsh:w_1", "sortsh:w_2", "sortsh:w_3", "sortsh:d_1"})));
        }
    }

    @Test
    void twoShards_patternsThatMayReachAnotherShard_refusedAsClusterDoes() throws Exception {
        List<String> keys = onBothShards();
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            String list = keys.get(0);
            c.call("RPUSH", list, "3", "1", "2");
            assertEquals(new Resp.Error(BY_DENIED), c.call("SORT", list, "BY", "w_*"));
            assertEquals(new Resp.Error(GET_DENIED), c.call("SORT", list, "GET", "d_*"));
            assertEquals(new Resp.Error(GET_DENIED), c.call("SORT_RO", list, "GET", "#", "GET", keys.get(1)));
            assertEquals(List.of("1", "2", "3"), c.call("SORT", list, "GET", "#"));
            assertEquals(List.of("3", "1", "2"), c.call("SORT", list, "BY", "nosort"));
            assertEquals(java.util.Arrays.asList(null, null, null), c.call("SORT", list, "GET", list)); // its own shard
            assertEquals(3L, c.call("SORT", list, "STORE", keys.get(1)));
            assertEquals(List.of("1", "2", "3"), c.call("LRANGE", keys.get(1), "0", "-1"));
        }
    }
}
