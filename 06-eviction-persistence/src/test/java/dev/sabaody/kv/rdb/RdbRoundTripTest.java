package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Save then load gives the same data, for random datasets of every type. */
class RdbRoundTripTest {

    @Provide
    Arbitrary<List<Datasets.KeySpec>> datasets() {
        return Datasets.datasets();
    }

    @Property(tries = 100)
    void saveThenLoad_anyDataset_sameData(@ForAll("datasets") List<Datasets.KeySpec> specs,
                                          @ForAll boolean compression, @ForAll boolean checksum) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(keyspace, specs);
        byte[] file = save(List.of(keyspace), compression, checksum);
        assertEquals(Snapshot.of(keyspace), Snapshot.of(load(file)));
    }

    @Property(tries = 25)
    void saveThenLoad_twoShards_oneFileWithBoth(@ForAll("datasets") List<Datasets.KeySpec> a,
                                                @ForAll("datasets") List<Datasets.KeySpec> b) throws Exception {
        Keyspace one = new Keyspace(new ManualClock(Datasets.NOW));
        Keyspace two = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(one, a);
        Datasets.fill(two, b.stream().filter(s -> a.stream().noneMatch(x -> x.db() == s.db()
                && java.util.Arrays.equals(x.key(), s.key()))).toList());
        Keyspace union = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(union, a);
        Datasets.fill(union, b.stream().filter(s -> a.stream().noneMatch(x -> x.db() == s.db()
                && java.util.Arrays.equals(x.key(), s.key()))).toList());
        assertEquals(Snapshot.of(union), Snapshot.of(load(save(List.of(one, two), true, true))));
    }

    @Property(tries = 100)
    void dump_anyValue_restoresTheSameValue(@ForAll("datasets") List<Datasets.KeySpec> specs, @ForAll boolean compression) {
        for (Datasets.KeySpec s : specs) {
            Object value = Datasets.value(s);
            byte[] payload = Dump.serialize(value, compression);
            assertEquals(true, Dump.verify(payload));
            assertEquals(Snapshot.contents(value), Snapshot.contents(Dump.deserialize(payload)));
        }
    }

    @Property(tries = 10)
    void load_newerVersion_refusedNamingOffset5(@ForAll("datasets") List<Datasets.KeySpec> specs) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Datasets.fill(keyspace, specs);
        byte[] file = save(List.of(keyspace), true, true);
        file[8] = '1'; // REDIS0011
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> load(file));
        assertEquals(5, e.offset());
    }

    static byte[] save(List<Keyspace> shards, boolean compression, boolean checksum) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(shards, new SaveOptions(compression, checksum, SaveOptions.Clocks.NONE, Datasets.NOW / 1000, 0), out);
        return out.toByteArray();
    }

    static List<LoadedKey> load(byte[] file) throws Exception {
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.read(new ByteArrayInputStream(file), file.length, 16, keys::add);
        return keys;
    }
}
