package dev.sabaody.kv.blocking;

import java.util.Locale;

/**
 * The line protocol of the first steps: one request per line, one reply per line.
 *
 * <pre>
 *   PING        → PONG
 *   SET k v     → OK
 *   GET k       → v, or (nil) when k is absent
 *   DEL k       → 1 if k was removed, 0 if it was absent
 *   EXISTS k    → 1 or 0
 *   QUIT        → BYE, then the server closes the connection
 * </pre>
 *
 * Words are separated by runs of spaces or tabs; command names are case-insensitive; keys and
 * values are not. Errors read as Redis's do ({@code ERR unknown command 'FOO'},
 * {@code ERR wrong number of arguments for 'get' command}) so that the step to RESP in module 04
 * changes the framing, not the vocabulary.
 *
 * <p>The class knows nothing of sockets or threads: it turns a line into a reply. That is the seam
 * every later step plugs into: module 01 feeds it from a blocking stream, 02 from a pooled thread,
 * 03 from an event loop, without copying it.
 */
public final class LineProtocol {

    /** The store the commands act on; shared by every connection of the server. */
    private final Store store;

    public LineProtocol(Store store) {
        this.store = store;
    }

    public Reply execute(String line) {
        String[] words = line.strip().split("[ \t]+");
        if (words.length == 1 && words[0].isEmpty()) {
            return Reply.NONE;
        }
        String name = words[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "ping" -> arity(words, 1) ? Reply.of("PONG") : wrongArity(name);
            case "set" -> {
                if (!arity(words, 3)) yield wrongArity(name);
                store.set(words[1], words[2]);
                yield Reply.of("OK");
            }
            case "get" -> {
                if (!arity(words, 2)) yield wrongArity(name);
                String value = store.get(words[1]);
                yield Reply.of(value == null ? "(nil)" : value);
            }
            case "del" -> arity(words, 2) ? Reply.of(store.delete(words[1]) ? "1" : "0") : wrongArity(name);
            case "exists" -> arity(words, 2) ? Reply.of(store.exists(words[1]) ? "1" : "0") : wrongArity(name);
            case "quit" -> arity(words, 1) ? new Reply("BYE", true) : wrongArity(name);
            default -> Reply.error("unknown command '" + words[0] + "'");
        };
    }

    private static boolean arity(String[] words, int expected) {
        return words.length == expected;
    }

    private static Reply wrongArity(String name) {
        return Reply.error("wrong number of arguments for '" + name + "' command");
    }
}
