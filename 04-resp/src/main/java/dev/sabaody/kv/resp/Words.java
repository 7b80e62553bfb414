package dev.sabaody.kv.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sdssplitargs} for whole lines of text: what reads a redis.conf line (and an AOF
 * manifest line), so that quoting in a file means what it means in an inline command. One
 * implementation ({@link SplitArgs}) serves them all; {@link #repr} is its inverse, sds.c's
 * {@code sdscatrepr}.
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

    /** The words of {@code line}'s bytes, unquoted, byte for byte; null when a quote is left open. */
    public static List<byte[]> split(byte[] line) {
        Argv argv = new Argv();
        if (!new SplitArgs().split(ByteBuffer.wrap(line), 0, line.length, argv)) {
            return null;
        }
        List<byte[]> words = new ArrayList<>(argv.argc());
        for (int i = 0; i < argv.argc(); i++) {
            words.add(argv.copy(i));
        }
        return words;
    }

    /**
     * Whether {@link #repr} must quote {@code bytes} for {@link #split} to read them back as one word
     * (sds.c's sdsneedsrepr): a backslash, a quote, a blank or an unprintable byte.
     */
    public static boolean needsRepr(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\\' || b == '"' || b < 0x21 || b > 0x7e) {
                return true;
            }
        }
        return false;
    }

    /**
     * sds.c's sdscatrepr: {@code bytes} in double quotes, with \\ \" \n \r \t \a \b escaped and
     * every other byte outside printable ASCII as \xNN (lower-case hex), one char per output byte.
     */
    public static String repr(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (b >= 0x20 && b <= 0x7e) {
                        out.append((char) b);
                    } else {
                        out.append("\\x").append(Character.forDigit((b >> 4) & 0xf, 16))
                                .append(Character.forDigit(b & 0xf, 16));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
