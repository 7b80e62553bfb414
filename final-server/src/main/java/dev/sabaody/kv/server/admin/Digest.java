package dev.sabaody.kv.server.admin;

import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.GrowingString;
import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.streams.StreamValue;
import dev.sabaody.kv.data.zsets.SkipList;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * DEBUG DIGEST's hash of a dataset, as debug.c computes it, so that the same data gives the same
 * 40 hex digits here as in Redis: a SHA-1 per key, built from its name, its type and its elements
 * (mixed in order for a string or list, xor-ed for a set, a hash or a sorted set, whose order does
 * not count), then xor-ed into the database's; a database's id is mixed in before its keys.
 * Because keys are xor-ed, each shard can hash its own keys and the parts combine into the whole.
 *
 * <p>A stream mixes in each live entry in ID order, its ID as {@code ms.seq} and then its fields
 * and values, as debug.c does (consumer groups are not hashed, in Redis either). Bloom filters and
 * Count-Min sketches are RedisBloom's module types in Redis: a module value adds what its type's
 * digest callback computes, and RedisBloom registers none for {@code MBbloom--} or
 * {@code CMSk-TYPE} (its typeprocs give rdb_load, rdb_save, aof_rewrite, mem_usage and free only),
 * so such a key adds its name and the type OBJ_MODULE alone, here as in a Redis with RedisBloom.
 */
final class Digest {

    /** The object types' numbers (server.h OBJ_STRING...): each key's digest starts with its type. */
    private static final int OBJ_STRING = 0;
    private static final int OBJ_LIST = 1;
    private static final int OBJ_SET = 2;
    private static final int OBJ_ZSET = 3;
    private static final int OBJ_HASH = 4;
    private static final int OBJ_MODULE = 5;
    private static final int OBJ_STREAM = 6;

    private Digest() {
    }

    /** xorDigest: digest ^= SHA1(data). */
    static void xor(byte[] digest, byte[] data) {
        byte[] hash = sha1(data);
        for (int j = 0; j < 20; j++) {
            digest[j] ^= hash[j];
        }
    }

    /** mixDigest: digest = SHA1(digest ^ SHA1(data)). */
    static void mix(byte[] digest, byte[] data) {
        xor(digest, data);
        System.arraycopy(sha1(digest), 0, digest, 0, 20);
    }

    /** xorObjectDigest: one key's value (and whether it expires) into {@code digest}. */
    static void object(byte[] digest, Entry e) {
        Object value = e.value;
        mix(digest, new byte[] {0, 0, 0, (byte) type(value)}); // htonl(o->type)
        if (value instanceof byte[] s) {
            mix(digest, s);
        } else if (value instanceof GrowingString g) {
            mix(digest, g.toBytes());
        } else if (value instanceof ListValue list) {
            for (int i = 0; i < list.size(); i++) {
                mix(digest, list.get(i));
            }
        } else if (value instanceof SetValue set) {
            set.forEach(member -> xor(digest, member));
        } else if (value instanceof SortedSet zset) {
            for (SkipList.Node n = zset.list().first(); n != null; n = n.next()) {
                byte[] ele = new byte[20];
                mix(ele, n.member());
                mix(ele, score(n.score()).getBytes(StandardCharsets.US_ASCII));
                xor(digest, ele);
            }
        } else if (value instanceof StreamValue stream) {
            stream.forEachEntry((ms, seq, elements) -> {
                mix(digest, (Long.toUnsignedString(ms) + "." + Long.toUnsignedString(seq))
                        .getBytes(StandardCharsets.US_ASCII)); // "%U.%U"
                for (byte[] element : elements) {
                    mix(digest, element);
                }
            });
        } else if (value instanceof HashValue hash) {
            hash.forEach((field, v) -> {
                byte[] ele = new byte[20];
                mix(ele, field);
                mix(ele, v);
                xor(digest, ele);
            });
        }
        if (e.expireAt() != -1) {
            xor(digest, "!!expire!!".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A key and its value: what computeDatasetDigest xors into its database's digest. */
    static byte[] keyAndValue(Entry e) {
        byte[] digest = new byte[20];
        mix(digest, e.key);
        object(digest, e);
        return digest;
    }

    /** The score as Redis 7.0's debug.c prints it ("%.17g"). */
    static String score(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "inf" : "-inf";
        }
        return dev.sabaody.kv.resp.Numbers.formatDouble17g(score);
    }

    private static int type(Object value) {
        if (value instanceof byte[] || value instanceof GrowingString) {
            return OBJ_STRING;
        }
        return switch (((dev.sabaody.kv.data.RedisValue) value).typeName()) {
            case "list" -> OBJ_LIST;
            case "set" -> OBJ_SET;
            case "zset" -> OBJ_ZSET;
            case "hash" -> OBJ_HASH;
            case "stream" -> OBJ_STREAM;
            default -> OBJ_MODULE;
        };
    }

    static String hex(byte[] digest) {
        return java.util.HexFormat.of().formatHex(digest);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
