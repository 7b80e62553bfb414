package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A dataset in a form two sources can be compared in: database → hex key → "type expireAt contents",
 * contents in a canonical order (sets and hashes sorted, lists and sorted sets in their own order).
 */
final class Snapshot {

    private static final HexFormat HEX = HexFormat.of();

    private Snapshot() {
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static Map<Integer, Map<String, String>> of(Keyspace keyspace) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int d = 0; d < keyspace.databases().count(); d++) {
            Db db = keyspace.db(d);
            Map<String, String> keys = new TreeMap<>();
            db.forEach(e -> keys.put(hex(e.key), describe(e.value, e.expireAt())));
            if (!keys.isEmpty()) {
                out.put(d, keys);
            }
        }
        return out;
    }

    static Map<Integer, Map<String, String>> of(List<LoadedKey> loaded) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (LoadedKey k : loaded) {
            out.computeIfAbsent(k.db(), d -> new TreeMap<>()).put(hex(k.key()), describe(k.value(), k.expireAt()));
        }
        return out;
    }

    static String describe(Object value, long expireAt) {
        return expireAt + " " + contents(value);
    }

    static String contents(Object value) {
        return switch (value) {
            case byte[] s -> "string " + hex(s);
            case ListValue l -> {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    items.add(hex(l.get(i)));
                }
                yield "list " + items;
            }
            case SetValue s -> {
                TreeSet<String> items = new TreeSet<>();
                s.forEach(m -> items.add(hex(m)));
                yield "set " + items;
            }
            case SortedSet z -> {
                List<String> items = new ArrayList<>();
                for (Node n = z.list().first(); n != null; n = n.next()) {
                    items.add(hex(n.member()) + "=" + n.score());
                }
                yield "zset " + items;
            }
            case HashValue h -> {
                TreeMap<String, String> items = new TreeMap<>();
                h.forEach((f, v) -> items.put(hex(f), hex(v)));
                yield "hash " + items;
            }
            case dev.sabaody.kv.data.bloom.ScalableBloomFilter f -> {
                var saved = f.saved();
                StringBuilder b = new StringBuilder("MBbloom-- " + saved.size() + " " + saved.growth() + " " + saved.nonScaling());
                for (var l : saved.links()) {
                    b.append(" [").append(l.entries()).append(' ').append(l.error()).append(' ').append(l.hashes())
                            .append(' ').append(l.bpe()).append(' ').append(l.bits()).append(' ').append(l.size())
                            .append(' ').append(hex(l.bitArray())).append(']');
                }
                yield b.toString();
            }
            case dev.sabaody.kv.data.cms.CountMinSketch c -> {
                var saved = c.saved();
                yield "CMSk-TYPE " + saved.width() + "x" + saved.depth() + " " + saved.count() + " "
                        + java.util.Arrays.toString(saved.counters());
            }
            default -> throw new IllegalArgumentException(value.getClass().getName());
        };
    }
}
