package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.EntryClock;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IDLE and FREQ opcodes: written under an LRU or LFU policy as rdbSaveKeyValuePair writes them,
 * and applied to the loaded key under the same policy (objectSetLRUOrLFU); nothing without one.
 */
class EvictionClockFileTest {

    private static List<LoadedKey> roundTrip(Keyspace keyspace, SaveOptions.Clocks clocks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(List.of(keyspace), new SaveOptions(true, true, clocks, 0, 0), out);
        byte[] file = out.toByteArray();
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.read(new ByteArrayInputStream(file), file.length, 16, keys::add);
        return keys;
    }

    @Test
    void lruPolicy_idleSecondsSavedAndRestored() throws Exception {
        ManualClock clock = new ManualClock(Datasets.NOW);
        Keyspace keyspace = new Keyspace(clock);
        keyspace.db(0).set("k".getBytes(), "v".getBytes(), false);
        clock.advance(Duration.ofSeconds(100));
        keyspace.updateLruClock();
        List<LoadedKey> keys = roundTrip(keyspace, SaveOptions.Clocks.LRU_IDLE);
        assertEquals(100, keys.getFirst().idleSeconds());
        assertEquals(-1, keys.getFirst().frequency());

        Keyspace loaded = new Keyspace(clock);
        RdbFile.install(keys, loaded, key -> true, SaveOptions.Clocks.LRU_IDLE, clock.currentTimeMillis());
        Entry e = loaded.db(0).peek("k".getBytes());
        assertEquals(100, RdbWriter.idleSeconds(loaded.lruClock(), e.lru()));
    }

    @Test
    void lfuPolicy_counterSavedAndRestored() throws Exception {
        ManualClock clock = new ManualClock(Datasets.NOW);
        Keyspace keyspace = new Keyspace(clock);
        EntryClock counter = new EntryClock() { // the low 8 bits are the counter, as in LFU's layout
            @Override
            public int created() {
                return 5;
            }

            @Override
            public int accessed(int lru) {
                return lru;
            }

            @Override
            public boolean countsFrequency() {
                return true;
            }

            @Override
            public long frequency(int lru) {
                return lru & 0xff;
            }
        };
        keyspace.entryClock(counter);
        keyspace.db(0).set("k".getBytes(), "v".getBytes(), false).touch(200);
        List<LoadedKey> keys = roundTrip(keyspace, SaveOptions.Clocks.LFU_FREQ);
        assertEquals(200, keys.getFirst().frequency());

        Keyspace loaded = new Keyspace(clock);
        RdbFile.install(keys, loaded, key -> true, SaveOptions.Clocks.LFU_FREQ, clock.currentTimeMillis());
        assertEquals(200, loaded.db(0).peek("k".getBytes()).lru() & 0xff);
    }

    @Test
    void noPolicy_noOpcodes() throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        keyspace.db(0).set("k".getBytes(), "v".getBytes(), false);
        LoadedKey k = roundTrip(keyspace, SaveOptions.Clocks.NONE).getFirst();
        assertEquals(-1, k.idleSeconds());
        assertEquals(-1, k.frequency());
    }
}
