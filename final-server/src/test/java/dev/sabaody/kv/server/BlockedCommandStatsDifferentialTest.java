package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command that blocks is counted once in INFO commandstats, as Redis 7.0 counts it: not when it
 * blocks (call() skips a blocked client) but when it ends, served, timed out or unblocked by CLIENT
 * UNBLOCK (blocked.c's updateStatsOnUnblock); CLIENT UNBLOCK, with its error or the timeout's reply,
 * makes it a failed call in Redis 7.0.15, and the -UNBLOCKED error is counted in errorstats. Against
 * redis-server, with one and two shards (keys on the client's own shard and on the other). The
 * timeout is reached through CLIENT UNBLOCK ... TIMEOUT, which takes the timeout's path in both
 * servers, so nothing waits on a clock.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class BlockedCommandStatsDifferentialTest extends BesideRedis {

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
    void blockedCommands_countedOnceWhenTheyEnd_asRedis() throws Exception {
        List<List<Object>> results = new ArrayList<>();
        for (int port : new int[] {redis.port(), server.port()}) {
            List<Object> out = new ArrayList<>();
            try (Resp ctl = new Resp(port); Resp c = new Resp(port)) {
                ctl.call("FLUSHALL");
                long id = (Long) c.call("CLIENT", "ID");
                ctl.call("CONFIG", "RESETSTAT");
                for (String key : new String[] {"q", "list:a", "list:b", "list:c"}) {
                    // served: a push wakes it
                    c.send("BLPOP", key, "0");
                    awaitBlocked(ctl, 1);
                    ctl.call("RPUSH", key, "x");
                    out.add(c.reply());
                }
                c.send("BRPOP", "q2", "0");          // timed out
                awaitBlocked(ctl, 1);
                out.add(ctl.call("CLIENT", "UNBLOCK", Long.toString(id), "TIMEOUT"));
                out.add(c.reply());
                c.send("BLMOVE", "q3", "dst", "LEFT", "RIGHT", "0"); // unblocked with an error: a failed call
                awaitBlocked(ctl, 1);
                out.add(ctl.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR"));
                out.add(c.reply());
                c.send("BZPOPMIN", "z", "0");         // served
                awaitBlocked(ctl, 1);
                ctl.call("ZADD", "z", "1", "m");
                out.add(c.reply());
                for (String key : new String[] {"t:a", "t:b", "t:c"}) {
                    out.add(c.call("BRPOP", key, "0.01")); // its own timer ends it: counted, not failed
                }
                out.add(c.call("BLPOP", "list:a", "list:b", "1")); // nothing to wait for: answered at once
                c.call("MULTI");
                c.call("BLPOP", "nothing", "0");      // inside MULTI it cannot block: the timeout's reply
                out.add(c.call("EXEC"));
                Map<String, Map<String, String>> info = Resp.sections(ctl.text("INFO", "commandstats", "errorstats",
                        "stats"));
                out.add(counts(info.get("Commandstats")));
                out.add(info.get("Errorstats"));
                out.add(info.get("Stats").get("total_error_replies"));
            }
            results.add(out);
        }
        assertEquals(results.get(0), results.get(1));
    }

    /** Waits (polling, no timing asserted) until {@code n} clients are blocked. */
    private static void awaitBlocked(Resp ctl, int n) throws IOException, InterruptedException {
        while (!Resp.sections(ctl.text("INFO", "clients")).get("Clients").get("blocked_clients")
                .equals(Integer.toString(n))) {
            Thread.sleep(2);
        }
    }

    /** cmdstat lines of the blocking commands without their timings. */
    private static Map<String, String> counts(Map<String, String> commandstats) {
        Map<String, String> out = new TreeMap<>();
        commandstats.forEach((name, value) -> {
            // not client|unblock: Redis counts it failed when the error it makes another client answer is
            // counted (its global error counter moved during the call); here that error is the blocked
            // command's alone
            if (name.matches("cmdstat_(blpop|brpop|blmove|bzpopmin|exec|rpush|zadd)")) {
                out.put(name, value.replaceAll(",usec=\\d+,usec_per_call=[\\d.]+", ""));
            }
        });
        return out;
    }
}
