package dev.sabaody.kv.server.admin;

/** estimateObjectIdleTime (evict.c): milliseconds since the LRU clock last touched a key, wrap-around included. */
final class Idle {

    /** LRU_CLOCK_MAX (server.h): the 24-bit clock wraps here. */
    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** LRU_CLOCK_RESOLUTION, milliseconds (server.h). */
    static final int LRU_CLOCK_RESOLUTION = 1000;

    private Idle() {
    }

    static long millis(int lruClock, int lru) {
        if (lruClock >= lru) {
            return (long) (lruClock - lru) * LRU_CLOCK_RESOLUTION;
        }
        return (long) (lruClock + (LRU_CLOCK_MAX - lru)) * LRU_CLOCK_RESOLUTION;
    }
}
