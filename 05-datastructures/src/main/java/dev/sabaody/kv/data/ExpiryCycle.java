package dev.sabaody.kv.data;

/**
 * The active expiry cycle: reclaims keys whose time has passed but that nobody reads (lazy expiry
 * in {@link Db} only catches the keys that are asked for).
 *
 * <p>Redis's adaptive algorithm (expire.c, activeExpireCycle), in the form its documentation
 * describes: for each database, sample {@code ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP} random keys with a
 * TTL, delete those that are due, and repeat while more than a quarter of the sample had expired;
 * stop when the time budget is spent. The reasoning: the share of expired keys in a random sample
 * estimates their share in the database, so the loop keeps going only while at least about 25 % of
 * the memory held by volatile keys is garbage, and the budget bounds the latency any one cycle adds.
 *
 * <p>On the way it keeps INFO's estimates as activeExpireCycle does: each database's average TTL
 * (the keys sampled that are not yet due, a running average weighing each loop's mean at 2 %), the
 * share of due keys among those sampled (5 % per cycle), and the time the cycles took.
 *
 * <p>Time comes from the keyspace's injected clock, so a test moves time forward and runs a cycle
 * instead of sleeping.
 */
final class ExpiryCycle {

    /** expire.c ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP: keys sampled per database per loop. */
    static final int ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP = 20;
    /** Loop again while more than this many of a sample had expired (a quarter). */
    static final int REPEAT_ABOVE_EXPIRED = ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP / 4;
    /** expire.c: check the clock every 16 loops, as reading it is not free. */
    static final int LOOPS_PER_TIME_CHECK = 16;

    private final Keyspace keyspace;
    /** The database the next cycle starts with: a cycle cut short by its budget resumes there. */
    private int nextDb;

    ExpiryCycle(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Runs one cycle within {@code budgetNanos}; returns the keys it deleted. */
    long run(long budgetNanos) {
        long start = keyspace.clock().nanoTime();
        long deleted = 0;
        long sampledTotal = 0;
        long expiredTotal = 0;
        int dbs = keyspace.databases().count();
        boolean timedOut = false;
        KeyspaceStats stats = keyspace.stats;
        if (stats.avgTtl.length < dbs) {
            stats.avgTtl = java.util.Arrays.copyOf(stats.avgTtl, dbs);
        }
        for (int n = 0; n < dbs && !timedOut; n++) {
            int dbIndex = nextDb;
            Db db = keyspace.db(dbIndex);
            nextDb = (nextDb + 1) % dbs;
            int loops = 0;
            int expired;
            do {
                if (db.expires() == 0) {
                    stats.avgTtl[dbIndex] = 0; // expire.c: nothing to expire, nothing to average
                    break;
                }
                long now = keyspace.now();
                int sample = Math.min(ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, db.expires());
                expired = 0;
                long ttlSum = 0;
                int ttlSamples = 0;
                for (int i = 0; i < sample && db.expires() > 0; i++) {
                    ExpiringEntry e = db.volatileAt(keyspace.random().nextInt(db.expires()));
                    long ttl = e.expireAt - now;
                    if (e.expireAt < now) { // keyIsExpired: due once now is past it (db.c)
                        db.expire(e);
                        expired++;
                    } else if (ttl > 0) { // the average TTL of the keys not yet due
                        ttlSum += ttl;
                        ttlSamples++;
                    }
                }
                if (ttlSamples > 0) {
                    // expire.c's running average, in its integer arithmetic: 98 % old, 2 % this loop
                    long avg = ttlSum / ttlSamples;
                    long old = stats.avgTtl[dbIndex] == 0 ? avg : stats.avgTtl[dbIndex];
                    stats.avgTtl[dbIndex] = (old / 50) * 49 + (avg / 50);
                }
                sampledTotal += sample;
                expiredTotal += expired;
                deleted += expired;
                if (++loops % LOOPS_PER_TIME_CHECK == 0
                        && keyspace.clock().nanoTime() - start > budgetNanos) {
                    timedOut = true;
                    keyspace.stats.expiredTimeCapReached++;
                }
            } while (expired > REPEAT_ABOVE_EXPIRED && !timedOut);
        }
        stats.expireCycleNanos += keyspace.clock().nanoTime() - start;
        // expire.c keeps a running average: 95 % of the old value, 5 % of this cycle's (0 when it
        // sampled nothing, so the estimate fades once no key is due)
        double current = sampledTotal > 0 ? 100.0 * expiredTotal / sampledTotal : 0;
        stats.expiredStalePercent = stats.expiredStalePercent * 0.95 + current * 0.05;
        return deleted;
    }
}
