package dev.sabaody.kv.aof;

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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * A dataset in a form a keyspace and a live Redis can be compared in: database → hex key →
 * "expireAt type contents", sets and hashes sorted, lists and sorted sets in their own order.
 */
final class Contents {

    private static final HexFormat HEX = HexFormat.of();

    private Contents() {
    }

    static Map<Integer, Map<String, String>> of(Keyspace keyspace) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int d = 0; d < keyspace.databases().count(); d++) {
            Db db = keyspace.db(d);
            Map<String, String> keys = new TreeMap<>();
            db.forEach(e -> keys.put(HEX.formatHex(e.key), e.expireAt() + " " + contents(e.value)));
            if (!keys.isEmpty()) {
                out.put(d, keys);
            }
        }
        return out;
    }

    private static String contents(Object value) {
        return switch (value) {
            case byte[] s -> "string " + HEX.formatHex(s);
            case ListValue l -> {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    items.add(HEX.formatHex(l.get(i)));
                }
                yield "list " + items;
            }
            case SetValue s -> {
                TreeSet<String> items = new TreeSet<>();
                s.forEach(m -> items.add(HEX.formatHex(m)));
                yield "set " + items;
            }
            case SortedSet z -> {
                List<String> items = new ArrayList<>();
                for (Node n = z.list().first(); n != null; n = n.next()) {
                    items.add(HEX.formatHex(n.member()) + "=" + n.score());
                }
                yield "zset " + items;
            }
            case HashValue h -> {
                TreeMap<String, String> items = new TreeMap<>();
                h.forEach((f, v) -> items.put(HEX.formatHex(f), HEX.formatHex(v)));
                yield "hash " + items;
            }
            default -> value.getClass().getSimpleName();
        };
    }

    /** The same form, read from a live Redis with TYPE, PEXPIRETIME and each type's read command. */
    static Map<Integer, Map<String, String>> of(Jedis jedis) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (int d = 0; d < 16; d++) {
            jedis.select(d);
            Map<String, String> keys = new TreeMap<>();
            for (byte[] key : jedis.keys("*".getBytes())) {
                keys.put(HEX.formatHex(key), jedis.pexpireTime(key) + " " + contents(jedis, key));
            }
            if (!keys.isEmpty()) {
                out.put(d, keys);
            }
        }
        jedis.select(0);
        return out;
    }

    private static String contents(Jedis jedis, byte[] key) {
        return switch (jedis.type(key)) {
            case "string" -> "string " + HEX.formatHex(jedis.get(key));
            case "list" -> {
                List<String> items = new ArrayList<>();
                jedis.lrange(key, 0, -1).forEach(b -> items.add(HEX.formatHex(b)));
                yield "list " + items;
            }
            case "set" -> {
                TreeSet<String> items = new TreeSet<>();
                jedis.smembers(key).forEach(b -> items.add(HEX.formatHex(b)));
                yield "set " + items;
            }
            case "zset" -> {
                List<String> items = new ArrayList<>();
                for (Tuple t : jedis.zrangeWithScores(key, 0, -1)) {
                    items.add(HEX.formatHex(t.getBinaryElement()) + "=" + t.getScore());
                }
                yield "zset " + items;
            }
            case "hash" -> {
                TreeMap<String, String> items = new TreeMap<>();
                jedis.hgetAll(key).forEach((f, v) -> items.put(HEX.formatHex(f), HEX.formatHex(v)));
                yield "hash " + items;
            }
            default -> jedis.type(key);
        };
    }
}
