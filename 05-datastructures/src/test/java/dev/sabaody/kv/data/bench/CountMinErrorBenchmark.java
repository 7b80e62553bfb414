package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.resp.FakeConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures, through CMS.INITBYPROB / CMS.INCRBY / CMS.QUERY, how far Count-Min estimates are above
 * the true counts of a Zipf(1.1) stream over 100,000 distinct items, for several (error, delta), and
 * how often an estimate breaks the bound error x N. Prints a Markdown table.
 *
 * <pre>
 *   java -cp ... dev.sabaody.kv.data.bench.CountMinErrorBenchmark [stream length]
 * </pre>
 */
public final class CountMinErrorBenchmark {

    static final int UNIVERSE = 100_000;
    static final double ZIPF_S = 1.1;

    private CountMinErrorBenchmark() {
    }

    public static void main(String[] args) {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        double[] cdf = zipfCdf(UNIVERSE, ZIPF_S);
        SplittableRandom random = new SplittableRandom(2024);
        int[] stream = new int[length];
        for (int i = 0; i < length; i++) {
            stream[i] = sample(cdf, random);
        }
        System.out.println("| error | delta | width x depth | bound error*N | mean overestimate | p99 overestimate"
                + " | max overestimate | top-100 items: mean relative error | items over the bound (allowed: delta) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (double[] ed : new double[][] {{0.01, 0.01}, {0.001, 0.01}, {0.001, 0.001}, {0.0001, 0.01}}) {
            measure(stream, ed[0], ed[1]);
        }
    }

    static void measure(int[] stream, double error, double delta) {
        FakeConnection connection = new FakeConnection(1);
        Session session = BloomBenchmark.open(connection);
        BloomFalsePositiveBenchmark.send(session, connection,
                BloomBenchmark.command("CMS.INITBYPROB", "cms", Double.toString(error), Double.toString(delta)));
        long[] truth = new long[UNIVERSE];
        for (int from = 0; from < stream.length; from += 500) {
            StringBuilder sb = new StringBuilder("*").append(2 + 2 * 500).append("\r\n$10\r\nCMS.INCRBY\r\n$3\r\ncms\r\n");
            for (int i = from; i < from + 500; i++) {
                String item = "i" + stream[i];
                truth[stream[i]]++;
                sb.append('$').append(item.length()).append("\r\n").append(item).append("\r\n$1\r\n1\r\n");
            }
            BloomFalsePositiveBenchmark.send(session, connection,
                    ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII)));
        }
        long[] over = new long[UNIVERSE];
        for (int from = 0; from < UNIVERSE; from += 1000) {
            StringBuilder sb = new StringBuilder("*1002\r\n$9\r\nCMS.QUERY\r\n$3\r\ncms\r\n");
            for (int i = from; i < from + 1000; i++) {
                String item = "i" + i;
                sb.append('$').append(item.length()).append("\r\n").append(item).append("\r\n");
            }
            String replies = BloomFalsePositiveBenchmark.send(session, connection,
                    ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII)));
            int at = replies.indexOf("\r\n") + 2;
            for (int i = from; i < from + 1000; i++) {
                int end = replies.indexOf("\r\n", at);
                long estimate = Long.parseLong(replies.substring(at + 1, end));
                over[i] = estimate - truth[i];
                if (over[i] < 0) {
                    throw new IllegalStateException("under-count of item " + i);
                }
                at = end + 2;
            }
        }
        double bound = error * stream.length;
        long violations = Arrays.stream(over).filter(o -> o > bound).count();
        long[] sorted = over.clone();
        Arrays.sort(sorted);
        double topRelative = 0;
        for (int i = 0; i < 100; i++) {
            topRelative += (double) over[i] / truth[i];
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %d x %d | %.0f | %.2f | %d | %d | %.5f | %d of %d (%.4f) |%n",
                error, delta, (long) Math.ceil(2 / error),
                (long) Math.ceil((float) Math.log10((float) delta) / (float) Math.log10(0.5f)), bound,
                Arrays.stream(over).average().orElse(0), sorted[(int) (UNIVERSE * 0.99)], sorted[UNIVERSE - 1],
                topRelative / 100, violations, UNIVERSE, (double) violations / UNIVERSE);
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1 / Math.pow(r + 1, s);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
        return cdf;
    }

    static int sample(double[] cdf, SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }
}
