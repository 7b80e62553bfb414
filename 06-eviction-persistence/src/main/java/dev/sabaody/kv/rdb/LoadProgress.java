package dev.sabaody.kv.rdb;

/**
 * What a load tells as it reads a file: Redis's INFO {@code loading_*} fields (total and loaded
 * bytes, the percentage and the ETA derived from them) come from here, and a test may slow the load
 * down per key ({@code key-load-delay}) to watch a server while it loads.
 */
public interface LoadProgress {

    /** Reports nothing. */
    LoadProgress NONE = new LoadProgress() {
        @Override
        public void started(long totalBytes) {
        }

        @Override
        public void keyRead(long bytesRead) {
        }
    };

    /** The file is open; it holds {@code totalBytes}. */
    void started(long totalBytes);

    /** One more key was read; {@code bytesRead} of the file are behind it (to a buffer's precision). */
    void keyRead(long bytesRead);
}
