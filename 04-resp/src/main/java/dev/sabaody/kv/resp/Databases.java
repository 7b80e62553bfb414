package dev.sabaody.kv.resp;

import java.util.function.Supplier;

/**
 * The numbered databases SELECT chooses from (Redis's {@code databases 16}). Generic in the database
 * type so that module 05 brings its own keyspace and keeps every connection command of 04.
 */
public final class Databases<D> {

    /** redis.conf "databases": how many SELECT can reach. */
    public static final int DEFAULT_DATABASES = 16;

    private final Object[] dbs;

    public Databases(int count, Supplier<? extends D> factory) {
        dbs = new Object[count];
        for (int i = 0; i < count; i++) {
            dbs[i] = factory.get();
        }
    }

    public int count() {
        return dbs.length;
    }

    @SuppressWarnings("unchecked")
    public D get(int index) {
        return (D) dbs[index];
    }
}
