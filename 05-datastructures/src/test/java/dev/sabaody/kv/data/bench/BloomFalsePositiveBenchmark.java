package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.resp.FakeConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Measures, through BF.RESERVE / BF.MADD / BF.MEXISTS / BF.INFO, the false-positive rate and the
 * bits per item of filters at error rates 0.1, 0.01 and 0.001, against the theory:
 * bits per item -ln(p)/ln(2)^2 and rate (1 - e^(-k n / m))^k. Prints a Markdown table.
 *
 * <pre>
 *   java -cp ... dev.sabaody.kv.data.bench.BloomFalsePositiveBenchmark [items] [queries]
 * </pre>
 */
public final class BloomFalsePositiveBenchmark {

    private BloomFalsePositiveBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        System.out.println("| filter | error rate | items | bits/item (theory) | bits/item (measured) | hashes"
                + " | FP rate (theory) | FP rate (measured, " + queries + " queries) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double p : new double[] {0.1, 0.01, 0.001}) {
            for (boolean nonScaling : new boolean[] {true, false}) {
                measure(p, n, queries, nonScaling);
            }
        }
    }

    static void measure(double p, int n, int queries, boolean nonScaling) {
        FakeConnection connection = new FakeConnection(1);
        Session session = BloomBenchmark.open(connection);
        String[] reserve = nonScaling
                ? new String[] {"BF.RESERVE", "bf", Double.toString(p), Integer.toString(n), "NONSCALING"}
                : new String[] {"BF.RESERVE", "bf", Double.toString(p), Integer.toString(n)};
        send(session, connection, BloomBenchmark.command(reserve));
        for (int from = 0; from < n; from += 1000) {
            send(session, connection, madd("BF.MADD", "in:", from, Math.min(1000, n - from)));
        }
        long positives = 0;
        for (int from = 0; from < queries; from += 1000) {
            String replies = send(session, connection, madd("BF.MEXISTS", "out:", from, 1000));
            positives += count(replies, ":1\r\n");
        }
        String size = send(session, connection, BloomBenchmark.command("BF.INFO", "bf", "SIZE"));
        long bytes = Long.parseLong(size.substring(size.indexOf(':') + 1, size.indexOf("\r\n", size.indexOf(':'))));
        double linkP = nonScaling ? p : p / 2;
        double bpe = -Math.log(linkP) / (Math.log(2) * Math.log(2));
        int k = (int) Math.ceil(0.693147180559945 * bpe);
        double bitsPerItem = (bytes - 32 - 64) * 8.0 / n;
        double theory = Math.pow(1 - Math.exp(-k / bitsPerItem), k);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %d | %.5f | %.5f |%n",
                nonScaling ? "NONSCALING" : "scaling (1st link p/2)", p, n, bpe, bitsPerItem, k, theory,
                (double) positives / queries);
    }

    static ByteBuffer madd(String verb, String prefix, int from, int count) {
        StringBuilder sb = new StringBuilder("*").append(count + 2).append("\r\n$").append(verb.length())
                .append("\r\n").append(verb).append("\r\n$2\r\nbf\r\n");
        for (int i = 0; i < count; i++) {
            String item = prefix + (from + i);
            sb.append('$').append(item.length()).append("\r\n").append(item).append("\r\n");
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static String send(Session session, FakeConnection connection, ByteBuffer request) {
        OutputBuffer output = connection.output();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        session.onInput(request);
        try {
            output.drainTo(Channels.newChannel(got));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    static long count(String s, String what) {
        long n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }
}
