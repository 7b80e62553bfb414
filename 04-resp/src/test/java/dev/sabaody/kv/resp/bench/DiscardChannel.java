package dev.sabaody.kv.resp.bench;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A socket that takes every byte at once: draining an output buffer into it empties the buffer the
 * way a completed write does, keeping its array ({@code OutputBuffer.clear()} would drop it, and the
 * benchmark would then measure array allocation instead of encoding).
 */
final class DiscardChannel implements WritableByteChannel {

    static final DiscardChannel INSTANCE = new DiscardChannel();

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
