package dev.sabaody.kv.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Copies of several commands' arguments, kept past the input buffer they were parsed from, in one
 * array that is reused: for a runner that collects commands to run elsewhere (final-server sends a
 * batch of them to the shard that owns their keys) and does so round after round.
 *
 * <p>{@link Argv#copyOf} allocates an array, an {@link Argv} and its index arrays per command; at
 * tens of thousands of commands a second that garbage was most of what a loop allocated. Here the
 * bytes of every command of a round go back to back into one array, and the {@link Argv}s that
 * slice it are kept for the next round, so once warm, copying allocates nothing.
 *
 * <pre>
 *   bytes  [SETkey:1hello|GETkey:7|INCRn ...........]     one array, reused after clear()
 *           └ argv 0 ─┘   └argv 1┘ └argv 2┘              reused Argv objects, slices of it
 * </pre>
 *
 * <p>If a round needs more room, the array grows and the earlier copies are moved to it, so every
 * {@link Argv} handed out stays valid until {@link #clear()}. An array grown past
 * {@link #KEEP_BYTES} is let go at {@link #clear()}, so one huge pipeline does not pin its memory.
 * Not thread-safe: one owner at a time, with a happens-before edge when it changes hands.
 */
public final class ArgvCopies {

    static final int INITIAL_BYTES = 256;
    /** The largest array kept for the next round. */
    static final int KEEP_BYTES = 64 * 1024;

    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BYTES);
    /** Bytes of {@link #buffer} in use. */
    private int used;
    private Argv[] argvs = new Argv[4];
    private int count;

    /** Copies {@code source}'s arguments; the copy is valid until {@link #clear()}. */
    public Argv add(Argv source) {
        int total = 0;
        for (int i = 0; i < source.argc(); i++) {
            total += source.length(i);
        }
        ensure(total);
        if (count == argvs.length) {
            argvs = Arrays.copyOf(argvs, count * 2);
        }
        Argv copy = argvs[count];
        if (copy == null) {
            copy = argvs[count] = new Argv();
        }
        count++;
        copy.reset(buffer);
        byte[] bytes = buffer.array();
        ByteBuffer from = source.buffer();
        for (int i = 0; i < source.argc(); i++) {
            int length = source.length(i);
            from.get(source.offset(i), bytes, used, length);
            copy.add(used, length);
            used += length;
        }
        return copy;
    }

    /** The {@code i}-th copy added since the last {@link #clear()}. */
    public Argv get(int i) {
        return argvs[i];
    }

    /** Copies added since the last {@link #clear()}. */
    public int size() {
        return count;
    }

    /** Forgets every copy; their {@link Argv}s and the array are reused by the next {@link #add}. */
    public void clear() {
        for (int i = 0; i < count; i++) {
            argvs[i].trim();
        }
        count = 0;
        used = 0;
        if (buffer.capacity() > KEEP_BYTES) {
            buffer = ByteBuffer.allocate(INITIAL_BYTES);
        }
    }

    /** The size of the array held now (tests). */
    int capacity() {
        return buffer.capacity();
    }

    private void ensure(int more) {
        if (used + more <= buffer.capacity()) {
            return;
        }
        ByteBuffer grown = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, used + more));
        System.arraycopy(buffer.array(), 0, grown.array(), 0, used);
        buffer = grown;
        for (int i = 0; i < count; i++) {
            argvs[i].rebase(grown, 0); // same offsets, new array
        }
    }
}
