package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.resp.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The command table and the implementations agree on which commands work on the whole keyspace: a
 * server that cuts the keyspace into slices routes by the implementation ({@link
 * dev.sabaody.kv.resp.SlicedCommand}), a cluster client by the request_policy tip, and both must
 * reach the same commands.
 */
class SlicedCommandsTest {

    @Test
    void table_everyCommandWithAShardPolicyTip_isSliced_andNoOther() {
        Set<String> tipped = new TreeSet<>();
        Set<String> sliced = new TreeSet<>();
        for (CommandSpec<Db> spec : everySpec()) {
            if (spec.tips().contains("request_policy:all_shards") || spec.tips().contains("request_policy:special")) {
                tipped.add(spec.fullName());
            }
            if (spec.sliced() != null) {
                sliced.add(spec.fullName());
            }
        }
        // SWAPDB has no tip in Redis (a cluster has one database) but every slice holds every database.
        tipped.add("swapdb");
        // PING's tip asks a cluster client to check every node; its answer does not depend on the
        // keyspace, so one slice answers it.
        tipped.remove("ping");
        assertEquals(tipped, sliced);
        assertEquals(Set.of("dbsize", "flushall", "flushdb", "keys", "randomkey", "scan", "swapdb"), sliced);
    }

    private static List<CommandSpec<Db>> everySpec() {
        List<CommandSpec<Db>> all = new ArrayList<>();
        for (CommandSpec<Db> spec : DataCommands.table().all()) {
            all.add(spec);
            all.addAll(spec.subcommands());
        }
        return all;
    }
}
