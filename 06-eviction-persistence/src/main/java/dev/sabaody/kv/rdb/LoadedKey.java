package dev.sabaody.kv.rdb;

/**
 * One key as a file holds it.
 *
 * @param db          the database (SELECTDB)
 * @param key         the key's bytes
 * @param value       a {@code byte[]} (string) or a module 05 RedisValue
 * @param expireAt    absolute expiry in Unix milliseconds, or -1
 * @param idleSeconds the LRU idle time (IDLE opcode), or -1
 * @param frequency   the LFU counter (FREQ opcode), or -1
 */
public record LoadedKey(int db, byte[] key, Object value, long expireAt, long idleSeconds, int frequency) {
}
