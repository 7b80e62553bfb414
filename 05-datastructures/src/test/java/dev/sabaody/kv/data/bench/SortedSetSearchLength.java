package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Counts instead of timing: the average number of steps (links followed plus levels descended) a
 * skip-list search takes, and the list's height, as the set grows from 10 to 10 million members.
 * O(log n) means each tenfold growth adds the same number of steps (about 4 × log4(10) ≈ 6.6 at
 * P = 1/4); a timing on a shared machine cannot show that as cleanly.
 *
 * <pre>
 * ./mvnw -B -q -o -pl 05-datastructures test-compile
 * java -Xmx6g -XX:+UseCompactObjectHeaders -cp 05-datastructures/target/classes:05-datastructures/target/test-classes:$HOME/.m2/repository/dev/sabaody/04-resp/0.1.0-SNAPSHOT/04-resp-0.1.0-SNAPSHOT.jar \
 *     dev.sabaody.kv.data.bench.SortedSetSearchLength 10 1000 100000 1000000 10000000
 * </pre>
 */
public final class SortedSetSearchLength {

    private SortedSetSearchLength() {
    }

    public static void main(String[] args) {
        System.out.println("| members | height | avg search steps | steps / log2(n) |");
        System.out.println("|---:|---:|---:|---:|");
        for (String arg : args) {
            int size = Integer.parseInt(arg);
            SplittableRandom random = new SplittableRandom(42);
            SortedSet zset = new SortedSet();
            byte[][] members = new byte[size][];
            for (int i = 0; i < size; i++) {
                members[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
                zset.add(members[i], random.nextInt(size), 0);
            }
            int probes = 100_000;
            long steps = 0;
            for (int i = 0; i < probes; i++) {
                Node n = zset.get(members[random.nextInt(size)]);
                steps += zset.list().searchLength(n.score(), n.member());
            }
            double avg = (double) steps / probes;
            int height = 0;
            for (Node n = zset.list().first(); n != null; n = n.next()) {
                height = Math.max(height, zset.list().searchLength(Double.NEGATIVE_INFINITY, new byte[0]));
                break;
            }
            System.out.printf("| %,d | %d | %.1f | %.2f |%n", size, height, avg, avg / (Math.log(size) / Math.log(2)));
        }
    }
}
