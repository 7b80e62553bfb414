package dev.sabaody.kv.rdb;

import java.util.List;

/**
 * What a save writes besides the data, from the configuration of the moment.
 *
 * @param compression  rdbcompression: LZF for strings longer than 20 bytes when it saves space
 * @param checksum     rdbchecksum: the CRC-64 trailer, or eight zero bytes (the loader then skips the check)
 * @param clocks       which eviction clock to record per key: rdbSaveKeyValuePair writes the idle time
 *                     under an LRU policy, the LFU counter under an LFU policy, nothing otherwise
 * @param ctimeSeconds the ctime AUX field: Unix seconds of the save
 * @param usedMemory   the used-mem AUX field (bytes)
 * @param aofBase      the aof-base AUX field: the file is the base of an append-only file
 * @param functions    the code of every FUNCTION LOAD library, written before the databases
 *                     (rdbSaveFunctions); empty when there are none
 */
public record SaveOptions(boolean compression, boolean checksum, Clocks clocks, long ctimeSeconds, long usedMemory,
                          boolean aofBase, List<byte[]> functions) {

    public SaveOptions(boolean compression, boolean checksum, Clocks clocks, long ctimeSeconds, long usedMemory) {
        this(compression, checksum, clocks, ctimeSeconds, usedMemory, false, List.of());
    }

    /** The same options for an append-only file's base. */
    public SaveOptions asAofBase() {
        return new SaveOptions(compression, checksum, clocks, ctimeSeconds, usedMemory, true, functions);
    }

    /** The same options with {@code libraryCodes} as the functions to save. */
    public SaveOptions withFunctions(List<byte[]> libraryCodes) {
        return new SaveOptions(compression, checksum, clocks, ctimeSeconds, usedMemory, aofBase, List.copyOf(libraryCodes));
    }

    /** The per-key eviction clock a save records (maxmemory-policy's MAXMEMORY_FLAG_LRU / _LFU). */
    public enum Clocks { NONE, LRU_IDLE, LFU_FREQ }
}
