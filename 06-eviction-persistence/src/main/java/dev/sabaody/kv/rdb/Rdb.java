package dev.sabaody.kv.rdb;

/**
 * The numbers of the RDB format (rdb.h of Redis 7.0): the version, the value types and the opcodes.
 * A type byte below 200 starts a key; the opcodes from 245 up carry everything else.
 */
final class Rdb {

    /** rdb.h RDB_VERSION: what Redis 7.0 writes and the newest it loads. */
    static final int RDB_VERSION = 10;
    static final byte[] MAGIC = {'R', 'E', 'D', 'I', 'S'};

    // value types
    static final int RDB_TYPE_STRING = 0;
    static final int RDB_TYPE_LIST = 1;
    static final int RDB_TYPE_SET = 2;
    static final int RDB_TYPE_ZSET = 3;
    static final int RDB_TYPE_HASH = 4;
    static final int RDB_TYPE_ZSET_2 = 5;
    static final int RDB_TYPE_MODULE = 6;
    static final int RDB_TYPE_MODULE_2 = 7;
    static final int RDB_TYPE_HASH_ZIPMAP = 9;
    static final int RDB_TYPE_LIST_ZIPLIST = 10;
    static final int RDB_TYPE_SET_INTSET = 11;
    static final int RDB_TYPE_ZSET_ZIPLIST = 12;
    static final int RDB_TYPE_HASH_ZIPLIST = 13;
    static final int RDB_TYPE_LIST_QUICKLIST = 14;
    static final int RDB_TYPE_STREAM_LISTPACKS = 15;
    static final int RDB_TYPE_HASH_LISTPACK = 16;
    static final int RDB_TYPE_ZSET_LISTPACK = 17;
    static final int RDB_TYPE_LIST_QUICKLIST_2 = 18;
    static final int RDB_TYPE_STREAM_LISTPACKS_2 = 19;

    // opcodes
    static final int RDB_OPCODE_FUNCTION2 = 245;
    static final int RDB_OPCODE_FUNCTION = 246;
    static final int RDB_OPCODE_MODULE_AUX = 247;
    static final int RDB_OPCODE_IDLE = 248;
    static final int RDB_OPCODE_FREQ = 249;
    static final int RDB_OPCODE_AUX = 250;
    static final int RDB_OPCODE_RESIZEDB = 251;
    static final int RDB_OPCODE_EXPIRETIME_MS = 252;
    static final int RDB_OPCODE_EXPIRETIME = 253;
    static final int RDB_OPCODE_SELECTDB = 254;
    static final int RDB_OPCODE_EOF = 255;

    // length encodings: the two high bits of the first byte
    static final int RDB_6BITLEN = 0;
    static final int RDB_14BITLEN = 1;
    static final int RDB_32BITLEN = 0x80;
    static final int RDB_64BITLEN = 0x81;
    static final int RDB_ENCVAL = 3;

    // special string encodings, after RDB_ENCVAL
    static final int RDB_ENC_INT8 = 0;
    static final int RDB_ENC_INT16 = 1;
    static final int RDB_ENC_INT32 = 2;
    static final int RDB_ENC_LZF = 3;

    /** quicklist.h: a quicklist node holding one element as it is, or a packed listpack. */
    static final int QUICKLIST_NODE_CONTAINER_PLAIN = 1;
    static final int QUICKLIST_NODE_CONTAINER_PACKED = 2;

    /** rdb.c rdbSaveKeyValuePair: the Redis version written in the redis-ver AUX field. */
    static final String REDIS_VERSION = "7.0.15";

    private Rdb() {
    }
}
