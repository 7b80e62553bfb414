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
        for (int n = 0; n < dbs && !timedOut; n++) {
            Db db = keyspace.db(nextDb);
            nextDb = (nextDb + 1) % dbs;
            int loops = 0;
            int expired;
            do {
                if (db.expires() == 0) {
                    break;
                }
                long now = keyspace.now();
                int sample = Math.min(ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, db.expires());
                expired = 0;
                for (int i = 0; i < sample && db.expires() > 0; i++) {
                    ExpiringEntry e = db.volatileAt(keyspace.random().nextInt(db.expires()));
                    if (e.expireAt < now) { // keyIsExpired: due once now is past it (db.c)
                        db.expire(e);
                        expired++;
                    }
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
        if (sampledTotal > 0) {
            double current = 100.0 * expiredTotal / sampledTotal;
            // expire.c keeps a running average: 95 % of the old value, 5 % of this cycle's.
            keyspace.stats.expiredStalePercent = keyspace.stats.expiredStalePercent * 0.95 + current * 0.05;
        }
        return deleted;
    }
}
