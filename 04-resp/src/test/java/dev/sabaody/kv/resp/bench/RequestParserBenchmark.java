package dev.sabaody.kv.resp.bench;

import dev.sabaody.kv.resp.RequestParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast the parser turns bytes into commands. Each invocation parses a buffer of
 * {@value #PIPELINE} pipelined commands, as one read of a pipelining client would deliver them, so
 * the score is commands per second; bytes per second is that times the command's size (the README
 * gives both). Run with {@code -prof gc} to see the allocation per command: zero is the goal.
 *
 * <pre>
 *   ./mvnw -pl 04-resp -am -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 -prof gc RequestParserBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestParserBenchmark {

    static final int PIPELINE = 100;

    private final RequestParser parser = new RequestParser();
    private ByteBuffer getArrays;
    private ByteBuffer setArrays;
    private ByteBuffer setInline;
    private ByteBuffer bigSet;

    @Setup
    public void build() {
        StringBuilder gets = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            String key = "key:" + (100000 + i);
            gets.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n");
            sets.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key)
                    .append("\r\n$16\r\n0123456789abcdef\r\n");
            inline.append("SET ").append(key).append(" 0123456789abcdef\r\n");
        }
        getArrays = wrap(gets.toString());
        setArrays = wrap(sets.toString());
        setInline = wrap(inline.toString());
        String value = "v".repeat(16 * 1024);
        bigSet = wrap("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length() + "\r\n" + value + "\r\n");
    }

    private static ByteBuffer wrap(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private int parseAll(ByteBuffer in, Blackhole bh) {
        in.position(0);
        int count = 0;
        while (parser.parse(in) == RequestParser.COMPLETE) {
            bh.consume(parser.argv().length(1));
            in.position(in.position() + parser.consumed());
            count++;
        }
        return count;
    }

    /** 100 × {@code GET key:100000} as RESP arrays, 30 bytes each. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int getArrays(Blackhole bh) {
        return parseAll(getArrays, bh);
    }

    /** 100 × {@code SET key:100000 <16 bytes>} as RESP arrays, 53 bytes each. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int setArrays(Blackhole bh) {
        return parseAll(setArrays, bh);
    }

    /** The same SETs as inline commands, 33 bytes each: words are unquoted into a scratch buffer. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int setInline(Blackhole bh) {
        return parseAll(setInline, bh);
    }

    /** One SET with a 16 KB value: bytes per second when the data dominates. */
    @Benchmark
    public int set16k(Blackhole bh) {
        return parseAll(bigSet, bh);
    }
}
