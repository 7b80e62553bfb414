package dev.sabaody.kv.server.admin;

import dev.sabaody.kv.resp.Client;
import java.util.Collection;

/**
 * INFO's {@code client_recent_max_input_buffer} and {@code client_recent_max_output_buffer}: the
 * largest input buffer and output list any client held over the last few seconds, kept as Redis's
 * clientsCronTrackExpansiveClients keeps them (server.c).
 *
 * <p>Eight slots, one per second of the clock ({@code unixtime % 8}): a sample raises the current
 * second's slot to what it sees, and zeroes the next one, which is about to be reused, so a peak is
 * remembered for seven or eight seconds and then forgotten. INFO prints the largest of the eight.
 * What is sampled is what Redis samples: the input buffer's size (its bytes and its free room, as
 * sdsZmallocSize measures the query buffer), here its largest since the last sample because a
 * connection lets its input buffer go once read, and CLIENT LIST's {@code omem}.
 *
 * <p>Sampled once a second on shard 0's cron (Redis's clientsCron visits every client once a second
 * too); the other loops' buffers are read from there, a moment old at worst, as CLIENT LIST reads
 * them.
 */
public final class ClientsPeakMemory {

    /** CLIENTS_PEAK_MEM_USAGE_SLOTS (server.c): seconds remembered. */
    static final int CLIENTS_PEAK_MEM_USAGE_SLOTS = 8;

    private final long[] input = new long[CLIENTS_PEAK_MEM_USAGE_SLOTS];
    private final long[] output = new long[CLIENTS_PEAK_MEM_USAGE_SLOTS];
    /** The second last sampled: one sample per second, whatever the cron's period. */
    private long lastSecond = -1;

    /** One pass over {@code clients} at {@code nowMillis} (wall clock, as server.unixtime). */
    public synchronized void sample(long nowMillis, Collection<Client> clients) {
        long second = nowMillis / 1000;
        if (second == lastSecond) {
            return;
        }
        lastSecond = second;
        int slot = (int) Math.floorMod(second, (long) CLIENTS_PEAK_MEM_USAGE_SLOTS);
        int next = (slot + 1) % CLIENTS_PEAK_MEM_USAGE_SLOTS;
        input[next] = 0;
        output[next] = 0;
        for (Client client : clients) {
            input[slot] = Math.max(input[slot], client.takeInputBufferPeak());
            output[slot] = Math.max(output[slot], client.outputListBytes());
        }
    }

    /** client_recent_max_input_buffer (getExpansiveClientsInfo). */
    public synchronized long maxInput() {
        return max(input);
    }

    /** client_recent_max_output_buffer. */
    public synchronized long maxOutput() {
        return max(output);
    }

    private static long max(long[] slots) {
        long m = 0;
        for (long v : slots) {
            m = Math.max(m, v);
        }
        return m;
    }
}
