package dev.sabaody.kv.server;

import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.server.config.ServerConfig;

/** What the configuration says about RDB files. */
final class Persistence {

    private Persistence() {
    }

    /** The eviction clock a file and RESTORE record: maxmemory-policy's LRU or LFU flag, or none. */
    static SaveOptions.Clocks clocks(ServerConfig config) {
        String policy = config.get("maxmemory-policy");
        return policy.endsWith("-lru") ? SaveOptions.Clocks.LRU_IDLE
                : policy.endsWith("-lfu") ? SaveOptions.Clocks.LFU_FREQ : SaveOptions.Clocks.NONE;
    }
}
