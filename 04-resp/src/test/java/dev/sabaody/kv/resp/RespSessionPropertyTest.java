package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.nio.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Through a whole session: however a pipelined stream is cut into reads, the replies are the same. */
class RespSessionPropertyTest {

    /** Runs {@code chunks} through a fresh session as the event loop would: keep, compact, append. */
    private static String replies(List<byte[]> chunks) {
        FakeConnection connection = new FakeConnection(1);
        Session session = Main.protocol(new ManualClock()).open(connection);
        ByteBuffer buffer = ByteBuffer.allocate(8);
        for (byte[] chunk : chunks) {
            if (buffer.remaining() < chunk.length) {
                ByteBuffer bigger = ByteBuffer.allocate((buffer.position() + chunk.length) * 2);
                bigger.put(buffer.flip());
                buffer = bigger;
            }
            buffer.put(chunk).flip();
            session.onInput(buffer);
            buffer.compact();
        }
        return RespFrames.escape(connection.output().toByteArray());
    }

    @Provide
    Arbitrary<byte[]> request() {
        Arbitrary<String> key = Arbitraries.of("a", "b", "key:1");
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(30);
        Arbitrary<byte[]> set = Combinators.combine(key, value).as((k, v) -> array("SET".getBytes(), k.getBytes(), v));
        Arbitrary<byte[]> get = key.map(k -> array("GET".getBytes(), k.getBytes()));
        Arbitrary<byte[]> echo = value.map(v -> array("ECHO".getBytes(), v));
        Arbitrary<byte[]> inline = Arbitraries.of("PING\r\n", "EXISTS a b\r\n", "DEL key:1\r\n", "ECHO \"x y\"\r\n",
                "SELECT 1\r\n", "SELECT 0\r\n", "\r\n", "*0\r\n", "nosuch x\r\n", "GET\r\n")
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.oneOf(set, get, echo, inline);
    }

    private static byte[] array(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(arg);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Property
    void onInput_anySplitOfAPipeline_sameReplies(
            @ForAll @Size(min = 1, max = 20) List<@From("request") byte[]> requests,
            @ForAll @Size(max = 15) List<@IntRange(min = 0, max = 100_000) Integer> cutPoints) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        requests.forEach(stream::writeBytes);
        byte[] all = stream.toByteArray();
        List<Integer> cuts = cutPoints.stream().map(p -> p % (all.length + 1)).sorted().distinct().toList();
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(Arrays.copyOfRange(all, from, cut));
            from = cut;
        }
        chunks.add(Arrays.copyOfRange(all, from, all.length));
        assertEquals(replies(List.of(all)), replies(chunks));
    }

    @Property(tries = 200)
    void onInput_everyByteAlone_sameReplies(@ForAll @Size(min = 1, max = 8) List<@From("request") byte[]> requests) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        requests.forEach(stream::writeBytes);
        byte[] all = stream.toByteArray();
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : all) {
            bytes.add(new byte[] {b});
        }
        assertEquals(replies(List.of(all)), replies(bytes));
    }
}
