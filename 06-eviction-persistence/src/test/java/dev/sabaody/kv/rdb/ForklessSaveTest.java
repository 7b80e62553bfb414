package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The forkless save writes the dataset of the instant it began, whatever the shards do meanwhile:
 * random writes (overwrites, deletions, TTL changes, new keys, values replaced in place, FLUSHDB,
 * SWAPDB) interleaved with the walk's slices, one entry per slice, and the loaded file equals the
 * dataset as it was at the instant.
 */
class ForklessSaveTest {

    /** One change between two slices of the walk. */
    record Op(int kind, int key, int db, int slices, byte[] value) {
    }

    @Provide
    Arbitrary<List<Datasets.KeySpec>> datasets() {
        return Datasets.datasets();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 15), Arbitraries.integers().between(0, 3), Datasets.bytes())
                .as(Op::new).list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void bgsave_writesDuringTheWalk_fileHoldsTheInstant(@ForAll("datasets") List<Datasets.KeySpec> specs,
                                                        @ForAll("ops") List<Op> ops,
                                                        @ForAll boolean twoShards) throws Exception {
        ManualClock clock = new ManualClock(Datasets.NOW);
        List<Keyspace> shards = new ArrayList<>();
        shards.add(new Keyspace(clock));
        if (twoShards) {
            shards.add(new Keyspace(clock));
        }
        for (Datasets.KeySpec spec : specs) { // each key on its owner, as final-server places it
            Datasets.fill(shards.get(KeyHash.shardOf(spec.key(), shards.size())), List.of(spec));
        }
        Map<Integer, Map<String, String>> instant = union(shards);

        Path dir = Files.createTempDirectory("forkless");
        LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        List<ForklessSave.Part> parts = shards.stream().map(k -> new ForklessSave.Part(k, tasks::add)).toList();
        ForklessSave save = ForklessSave.begin(parts, options(), dir, "dump.rdb", 1, () -> 0);

        for (Op op : ops) {
            apply(shards.get(KeyHash.shardOf(key(op, specs), shards.size())), op, specs);
            for (int i = 0; i < op.slices(); i++) {
                Runnable r = tasks.poll();
                if (r != null) {
                    r.run();
                }
            }
        }
        while (!save.done().isDone()) {
            Runnable r = tasks.poll(10, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
        save.done().get();
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        assertSame(instant, Snapshot.of(load(file)));
        for (Keyspace k : shards) { // every entry is back to the current parity: the next save starts clean
            for (int d = 0; d < 16; d++) {
                k.db(d).forEach(e -> assertEquals(k.snapshotParity(), e.snapshotParity()));
            }
        }
    }

    @Property(tries = 20)
    void bgsave_twiceInARow_eachHoldsItsInstant(@ForAll("datasets") List<Datasets.KeySpec> specs,
                                                @ForAll("ops") List<Op> ops) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(keyspace, specs);
        for (int round = 0; round < 2; round++) {
            Map<Integer, Map<String, String>> instant = Snapshot.of(keyspace);
            Path dir = Files.createTempDirectory("forkless");
            LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
            ForklessSave save = ForklessSave.begin(List.of(new ForklessSave.Part(keyspace, tasks::add)), options(),
                    dir, "dump.rdb", 2, () -> 0);
            for (Op op : ops) {
                apply(keyspace, op, specs);
                Runnable r = tasks.poll();
                if (r != null) {
                    r.run();
                }
            }
            while (!save.done().isDone()) {
                Runnable r = tasks.poll(10, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            }
            assertSame(instant, Snapshot.of(load(Files.readAllBytes(dir.resolve("dump.rdb")))));
        }
    }

    @Property(tries = 10)
    void bgsave_aborted_leavesThePreviousFile(@ForAll("datasets") List<Datasets.KeySpec> specs) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(keyspace, specs);
        Path dir = Files.createTempDirectory("forkless");
        Files.write(dir.resolve("dump.rdb"), "previous".getBytes(StandardCharsets.US_ASCII));
        LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        ForklessSave save = ForklessSave.begin(List.of(new ForklessSave.Part(keyspace, tasks::add)), options(),
                dir, "dump.rdb", 1, () -> 0);
        save.abort("aborted");
        while (!save.done().isDone()) {
            Runnable r = tasks.poll(10, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
        }
        assertThrows(ExecutionException.class, () -> save.done().get());
        assertEquals("previous", Files.readString(dir.resolve("dump.rdb")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temp file is removed");
        }
        keyspace.db(0).forEach(e -> assertEquals(keyspace.snapshotParity(), e.snapshotParity()));
        assertFalse(keyspace.db(0).size() < 0);
        assertTrue(save.done().isCompletedExceptionally());
    }

    private static byte[] key(Op op, List<Datasets.KeySpec> specs) {
        return op.key() < specs.size() ? specs.get(op.key()).key() : ("new:" + op.key()).getBytes(StandardCharsets.US_ASCII);
    }

    /** One change, as a command would make it: every path through Db that a command takes. */
    private static void apply(Keyspace keyspace, Op op, List<Datasets.KeySpec> specs) {
        byte[] key = key(op, specs);
        Db db = keyspace.db(op.key() < specs.size() ? specs.get(op.key()).db() : op.db());
        switch (op.kind()) {
            case 0, 1 -> db.set(key, op.value(), op.kind() == 1);
            case 2 -> db.delete(key);
            case 3 -> {
                Entry e = db.lookup(key);
                if (e != null) {
                    db.setExpire(e, Datasets.NOW + 1000 + op.value().length);
                }
            }
            case 4 -> {
                Entry e = db.lookup(key);
                if (e != null) {
                    db.persist(e);
                }
            }
            case 5 -> {
                Entry e = db.lookup(key);
                if (e != null) {
                    db.replaceValue(e, op.value()); // a value changed in place by its command
                }
            }
            case 6 -> {
                if (db.lookup(key) == null) {
                    db.add(key, op.value());
                }
            }
            case 7 -> {
                if (op.slices() == 0) {
                    db.flush();
                }
            }
            case 8 -> db.swapWith(keyspace.db(op.db()));
            default -> {
                Entry e = db.detach(key); // a key moving to another shard and back (final-server's cross-shard commands)
                if (e != null) {
                    db.attach(e);
                }
            }
        }
    }

    /** Equal datasets, or a failure naming the first keys that differ (the whole maps are too long to read). */
    private static void assertSame(Map<Integer, Map<String, String>> expected, Map<Integer, Map<String, String>> actual) {
        List<String> diff = new ArrayList<>();
        java.util.Set<Integer> dbs = new java.util.TreeSet<>(expected.keySet());
        dbs.addAll(actual.keySet());
        for (int db : dbs) {
            Map<String, String> e = expected.getOrDefault(db, Map.of());
            Map<String, String> a = actual.getOrDefault(db, Map.of());
            java.util.Set<String> keys = new java.util.TreeSet<>(e.keySet());
            keys.addAll(a.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(e.get(k), a.get(k))) {
                    diff.add("db " + db + " key " + k + ": expected " + abbreviate(e.get(k)) + ", file has " + abbreviate(a.get(k)));
                }
            }
        }
        assertTrue(diff.isEmpty(), () -> String.join("\n", diff.subList(0, Math.min(5, diff.size()))));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() < 80 ? s : s.substring(0, 80) + "...";
    }

    private static Map<Integer, Map<String, String>> union(List<Keyspace> shards) {
        Map<Integer, Map<String, String>> all = new java.util.TreeMap<>();
        for (Keyspace k : shards) {
            Snapshot.of(k).forEach((db, keys) -> all.computeIfAbsent(db, d -> new java.util.TreeMap<>()).putAll(keys));
        }
        return all;
    }

    private static SaveOptions options() {
        return new SaveOptions(true, true, SaveOptions.Clocks.NONE, Datasets.NOW / 1000, 0);
    }

    private static List<LoadedKey> load(byte[] file) throws Exception {
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.read(new ByteArrayInputStream(file), file.length, 16, keys::add);
        return keys;
    }
}
