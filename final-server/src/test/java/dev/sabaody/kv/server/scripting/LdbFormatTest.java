package dev.sabaody.kv.server.scripting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * How the debugger shows bytes (sdscatrepr) and replies: for any bytes, the quoted form is printable
 * ASCII between quotes and reads back, with C's escapes, to the very bytes; a RESP2 array of any
 * bulk strings shows as Redis's debugger shows it.
 */
class LdbFormatTest {

    @Property
    void repr_anyBytes_printableAndReadsBackToTheBytes(@ForAll byte[] bytes) {
        StringBuilder s = new StringBuilder();
        LdbFormat.repr(s, bytes, 0, bytes.length);
        String text = s.toString();
        assertTrue(text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""), text);
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), text);
        assertArrayEquals(bytes, unquote(text.substring(1, text.length() - 1)));
    }

    @Property
    void reply_arrayOfBulks_bracketedCommaSeparatedQuoted(@ForAll @Size(max = 8) List<byte[]> items) {
        ByteArrayOutputStream resp = new ByteArrayOutputStream();
        resp.writeBytes(("*" + items.size() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder expected = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            resp.writeBytes(("$" + item.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            resp.writeBytes(item);
            resp.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            LdbFormat.repr(expected, item, 0, item.length);
            if (i != items.size() - 1) {
                expected.append(',');
            }
        }
        expected.append(']');
        byte[] bytes = resp.toByteArray();
        StringBuilder shown = new StringBuilder();
        assertEquals(bytes.length, LdbFormat.reply(shown, bytes, 0));
        assertEquals(expected.toString(), shown.toString());
    }

    /** C's escapes as sdscatrepr writes them, read back. */
    private static byte[] unquote(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(e); // \\ and \"
            }
        }
        return out.toByteArray();
    }
}
