package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SortedSet;
import dev.sabaody.kv.data.zsets.Strtod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One value of any type Redis 7.0 writes or still loads (rdbLoadObject), built into module 05's
 * types: the plain encodings (every element an RDB string), the packed ones (a blob holding a
 * listpack, ziplist, intset or zipmap: see {@link Packed}), quicklists of ziplists or listpacks, and
 * the module values of RedisBloom's two types that module 05 has ({@link ModuleTypes}).
 *
 * <p>As in Redis, a value that comes out empty (an empty listpack, say) is not a value: the loader
 * skips its key ({@code null} here). Duplicates in a set, hash or sorted set mean a corrupt file.
 */
final class ValueReader {

    private ValueReader() {
    }

    /** Why a value of {@code type} cannot be read, or null when it can: checked before its key is read. */
    static String unreadable(int type) {
        return switch (type) {
            case Rdb.RDB_TYPE_STRING, Rdb.RDB_TYPE_LIST, Rdb.RDB_TYPE_SET, Rdb.RDB_TYPE_ZSET, Rdb.RDB_TYPE_HASH,
                    Rdb.RDB_TYPE_ZSET_2, Rdb.RDB_TYPE_HASH_ZIPMAP, Rdb.RDB_TYPE_LIST_ZIPLIST, Rdb.RDB_TYPE_SET_INTSET,
                    Rdb.RDB_TYPE_ZSET_ZIPLIST, Rdb.RDB_TYPE_HASH_ZIPLIST, Rdb.RDB_TYPE_LIST_QUICKLIST,
                    Rdb.RDB_TYPE_HASH_LISTPACK, Rdb.RDB_TYPE_ZSET_LISTPACK, Rdb.RDB_TYPE_LIST_QUICKLIST_2,
                    Rdb.RDB_TYPE_STREAM_LISTPACKS, Rdb.RDB_TYPE_STREAM_LISTPACKS_2, Rdb.RDB_TYPE_MODULE_2 -> null;
            // rdb.c RDB_TYPE_MODULE_PRE_GA: modules before 4.0 GA wrote no opcodes; Redis 7.0 refuses them too
            case Rdb.RDB_TYPE_MODULE -> "Pre-release module format not supported";
            default -> "unknown RDB value type " + type;
        };
    }

    /** Reads the value of RDB type {@code type}: a byte[] or a RedisValue, or null when empty. */
    static Object read(RdbInput in, int type) throws IOException, RdbFormatException {
        long at = in.offset();
        switch (type) {
            case Rdb.RDB_TYPE_STRING:
                return in.readString();
            case Rdb.RDB_TYPE_LIST: {
                ListValue list = new ListValue();
                for (long i = 0, n = in.readLength(); i < n; i++) {
                    list.addLast(in.readString());
                }
                return list.isEmpty() ? null : list;
            }
            case Rdb.RDB_TYPE_SET: {
                SetValue set = new SetValue();
                for (long i = 0, n = in.readLength(); i < n; i++) {
                    long offset = in.offset();
                    if (!set.add(in.readString())) {
                        throw new RdbFormatException(offset, "duplicate set member");
                    }
                }
                return set.size() == 0 ? null : set;
            }
            case Rdb.RDB_TYPE_ZSET, Rdb.RDB_TYPE_ZSET_2: {
                long n = in.readLength();
                List<byte[]> pairs = new ArrayList<>();
                List<Double> scores = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    long offset = in.offset();
                    byte[] member = in.readString();
                    double score = type == Rdb.RDB_TYPE_ZSET_2 ? in.readBinaryDouble() : in.readTextDouble();
                    if (Double.isNaN(score)) {
                        throw new RdbFormatException(offset, "zset score is NaN");
                    }
                    pairs.add(member);
                    pairs.add(null);
                    scores.add(score);
                }
                return zset(pairs, scores, at);
            }
            case Rdb.RDB_TYPE_HASH: {
                HashValue hash = new HashValue();
                for (long i = 0, n = in.readLength(); i < n; i++) {
                    long offset = in.offset();
                    byte[] field = in.readString();
                    if (!hash.set(field, in.readString())) {
                        throw new RdbFormatException(offset, "duplicate hash field");
                    }
                }
                return hash.size() == 0 ? null : hash;
            }
            case Rdb.RDB_TYPE_LIST_QUICKLIST, Rdb.RDB_TYPE_LIST_QUICKLIST_2: {
                ListValue list = new ListValue();
                for (long i = 0, n = in.readLength(); i < n; i++) {
                    int container = Rdb.QUICKLIST_NODE_CONTAINER_PACKED;
                    if (type == Rdb.RDB_TYPE_LIST_QUICKLIST_2) {
                        long c = in.readLength();
                        if (c != Rdb.QUICKLIST_NODE_CONTAINER_PLAIN && c != Rdb.QUICKLIST_NODE_CONTAINER_PACKED) {
                            throw in.error("unknown quicklist node container " + c);
                        }
                        container = (int) c;
                    }
                    long offset = in.offset();
                    byte[] blob = in.readString();
                    if (container == Rdb.QUICKLIST_NODE_CONTAINER_PLAIN) {
                        list.addLast(blob);
                        continue;
                    }
                    List<byte[]> elements = type == Rdb.RDB_TYPE_LIST_QUICKLIST_2
                            ? Packed.listpack(blob, offset) : Packed.ziplist(blob, offset);
                    for (byte[] e : elements) {
                        list.addLast(e);
                    }
                }
                return list.isEmpty() ? null : list;
            }
            case Rdb.RDB_TYPE_LIST_ZIPLIST: {
                ListValue list = new ListValue();
                for (byte[] e : Packed.ziplist(in.readString(), at)) {
                    list.addLast(e);
                }
                return list.isEmpty() ? null : list;
            }
            case Rdb.RDB_TYPE_SET_INTSET:
                return set(Packed.intset(in.readString(), at), at);
            case Rdb.RDB_TYPE_ZSET_ZIPLIST:
                return zset(Packed.ziplist(in.readString(), at), at);
            case Rdb.RDB_TYPE_ZSET_LISTPACK:
                return zset(Packed.listpack(in.readString(), at), at);
            case Rdb.RDB_TYPE_HASH_ZIPLIST:
                return hash(Packed.ziplist(in.readString(), at), at);
            case Rdb.RDB_TYPE_HASH_LISTPACK:
                return hash(Packed.listpack(in.readString(), at), at);
            case Rdb.RDB_TYPE_HASH_ZIPMAP:
                return hash(Packed.zipmap(in.readString(), at), at);
            case Rdb.RDB_TYPE_STREAM_LISTPACKS, Rdb.RDB_TYPE_STREAM_LISTPACKS_2:
                return StreamCodec.read(in, type);
            case Rdb.RDB_TYPE_MODULE_2:
                return ModuleTypes.read(in);
            default:
                throw new RdbFormatException(at, unreadable(type));
        }
    }

    private static SetValue set(List<byte[]> members, long at) throws RdbFormatException {
        SetValue set = new SetValue();
        for (byte[] m : members) {
            if (!set.add(m)) {
                throw new RdbFormatException(at, "duplicate set member in intset");
            }
        }
        return set.size() == 0 ? null : set;
    }

    private static SortedSet zset(List<byte[]> pairs, long at) throws RdbFormatException {
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException(at, "packed sorted set with an odd number of elements");
        }
        List<Double> scores = new ArrayList<>(pairs.size() / 2);
        for (int i = 0; i < pairs.size(); i += 2) {
            double score = Strtod.parse(pairs.get(i + 1));
            if (Double.isNaN(score)) {
                throw new RdbFormatException(at, "packed sorted set with an invalid score");
            }
            scores.add(score);
        }
        return zset(pairs, scores, at);
    }

    /**
     * Builds a sorted set from (member, ignored) pairs and their scores. Redis loads into a skip list
     * and converts to a listpack when the set is small (which turns a score of -0 into 0); a set past
     * the listpack limits is made a skip list first here, so that every score stays as it was saved.
     */
    private static SortedSet zset(List<byte[]> pairs, List<Double> scores, long at) throws RdbFormatException {
        SortedSet zset = new SortedSet();
        int n = scores.size();
        boolean big = n > SortedSet.ZSET_MAX_LISTPACK_ENTRIES;
        for (int i = 0; i < n && !big; i++) {
            big = pairs.get(2 * i).length > SortedSet.ZSET_MAX_LISTPACK_VALUE;
        }
        if (big) {
            zset.convertToSkiplist();
        }
        for (int i = 0; i < n; i++) {
            byte[] member = pairs.get(2 * i);
            if (zset.get(member) != null) {
                throw new RdbFormatException(at, "duplicate zset member");
            }
            zset.insert(member, scores.get(i));
        }
        return n == 0 ? null : zset;
    }

    private static HashValue hash(List<byte[]> pairs, long at) throws RdbFormatException {
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException(at, "packed hash with an odd number of elements");
        }
        HashValue hash = new HashValue();
        for (int i = 0; i < pairs.size(); i += 2) {
            if (!hash.set(pairs.get(i), pairs.get(i + 1))) {
                throw new RdbFormatException(at, "duplicate hash field in packed hash");
            }
        }
        return hash.size() == 0 ? null : hash;
    }
}
