package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The background save holds Bloom filters, sketches and function libraries too: BF.ADD and
 * CMS.INCRBY change their values in place, and a filter or sketch changed while the walk runs is
 * in the file as it was at the instant (the write lookup writes it first).
 */
class ForklessModuleValuesTest {

    @Property(tries = 20)
    void bgsave_filtersAndSketchesChangedDuringTheWalk_fileHoldsTheInstant(
            @ForAll @IntRange(min = 0, max = 10_000) int seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Commands c = new Commands(keyspace);
        for (int k = 0; k < 6; k++) {
            c.run("BF.RESERVE", "bf" + k, "0.01", "5");
            c.run("CMS.INITBYDIM", "cms" + k, "8", "3");
            for (int i = 0; i < random.nextInt(20); i++) {
                c.run("BF.ADD", "bf" + k, "old" + i);
                c.run("CMS.INCRBY", "cms" + k, "old" + i, "2");
            }
        }
        Map<Integer, Map<String, String>> instant = Snapshot.of(keyspace);
        List<byte[]> libraries = List.of(ModuleAndFunctionDifferentialTest.LIBRARY.getBytes(StandardCharsets.UTF_8));
        Path dir = Files.createTempDirectory("forkless-modules");
        LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        ForklessSave save = ForklessSave.begin(List.of(new ForklessSave.Part(keyspace, tasks::add)),
                new SaveOptions(true, true, SaveOptions.Clocks.NONE, Datasets.NOW / 1000, 0).withFunctions(libraries),
                dir, "dump.rdb", 1, () -> 0);
        for (int i = 0; i < 60; i++) {
            int k = random.nextInt(6);
            c.run("BF.ADD", "bf" + k, "new" + i); // grows the chain now and then: a new link mid-save
            c.run("CMS.INCRBY", "cms" + k, "new" + i, "5");
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
        save.done().get();
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.Summary summary = RdbReader.read(new ByteArrayInputStream(file), file.length, 16, keys::add);
        assertEquals(instant, Snapshot.of(keys));
        assertEquals(1, summary.functions().size());
        assertArrayEquals(libraries.getFirst(), summary.functions().getFirst());
    }
}
