package dev.sabaody.kv.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs} for whole lines of text: what reads a redis.conf line, so that quoting
 * in a config file means what it means in an inline command. One implementation ({@link SplitArgs})
 * serves both.
 */
public final class Words {

    private Words() {
    }

    /** The words of {@code line}, unquoted; null when a quote is left open. */
    public static List<String> split(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        Argv argv = new Argv();
        if (!new SplitArgs().split(ByteBuffer.wrap(bytes), 0, bytes.length, argv)) {
            return null;
        }
        List<String> words = new ArrayList<>(argv.argc());
        for (int i = 0; i < argv.argc(); i++) {
            words.add(argv.string(i));
        }
        return words;
    }
}
