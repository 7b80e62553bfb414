package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** sdscatrepr and sdssplitargs are inverses: a word quoted by one is read back whole by the other. */
class WordsTest {

    @Property(tries = 500)
    void splitOfRepr_anyBytes_theSameOneWord(@ForAll byte[] word) {
        List<byte[]> words = Words.split(Words.repr(word).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, words.size());
        assertArrayEquals(word, words.getFirst());
    }

    @Property(tries = 500)
    void split_bytesThatNeedNoRepr_areOneWordAsTheyAre(@ForAll byte[] word) {
        // a single quote needs no repr (sdsneedsrepr) yet opens a quoted word when read (sdssplitargs),
        // in Redis as here: such words are not carried bare, so the rule is for the others
        if (word.length > 0 && !Words.needsRepr(word) && !contains(word, (byte) '\'')) {
            assertArrayEquals(word, Words.split(word).getFirst());
        }
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    @Test
    void repr_escapesAsSdscatrepr() {
        assertEquals("\"a b\\\\\\\"\\n\\r\\t\\a\\b\\x00\\xff\"",
                Words.repr(new byte[] {'a', ' ', 'b', '\\', '"', '\n', '\r', '\t', 7, '\b', 0, (byte) 0xff}));
        assertEquals(false, Words.needsRepr("appendonly.aof.1.base.rdb".getBytes(StandardCharsets.US_ASCII)));
        assertNull(Words.split("\"open".getBytes(StandardCharsets.US_ASCII)));
    }
}
