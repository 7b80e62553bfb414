package dev.sabaody.kv.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineProtocolTest {

    private final Store store = new Store();
    private final LineProtocol protocol = new LineProtocol(store);

    private String reply(String line) {
        return protocol.execute(line).text();
    }

    @Test
    void ping_noArguments_pong() {
        assertEquals("PONG", reply("PING"));
    }

    @Test
    void setThenGet_sameKey_returnsValue() {
        assertEquals("OK", reply("SET a 1"));
        assertEquals("1", reply("GET a"));
    }

    @Test
    void get_absentKey_nil() {
        assertEquals("(nil)", reply("GET nope"));
    }

    @Test
    void del_presentThenAbsent_oneThenZero() {
        reply("SET a 1");
        assertEquals("1", reply("DEL a"));
        assertEquals("0", reply("DEL a"));
        assertEquals("(nil)", reply("GET a"));
    }

    @Test
    void exists_presentAndAbsent_oneAndZero() {
        reply("SET a 1");
        assertEquals("1", reply("EXISTS a"));
        assertEquals("0", reply("EXISTS b"));
    }

    @Test
    void commandName_anyCase_sameCommand_butKeysAreCaseSensitive() {
        assertEquals("OK", reply("sEt Key v"));
        assertEquals("v", reply("get Key"));
        assertEquals("(nil)", reply("GET key"));
    }

    @Test
    void words_separatedByRunsOfSpacesAndTabs_parsed() {
        assertEquals("OK", reply("  SET \t a   1  "));
        assertEquals("1", reply("GET\ta"));
    }

    @Test
    void unknownCommand_errorNamesItAsSent() {
        assertEquals("ERR unknown command 'FOO'", reply("FOO bar"));
        assertEquals("ERR unknown command 'hello'", reply("hello"));
    }

    @ParameterizedTest
    @CsvSource({"GET, get", "GET a b, get", "SET a, set", "SET a b c, set", "DEL, del", "EXISTS a b, exists",
            "PING x, ping", "QUIT now, quit"})
    void wrongArgumentCount_errorNamesTheCommandInLowerCase(String line, String name) {
        assertEquals("ERR wrong number of arguments for '" + name + "' command", reply(line));
    }

    @Test
    void wrongArgumentCount_changesNothing() {
        reply("SET a 1 2");
        assertEquals(0, store.size());
    }

    @Test
    void emptyOrBlankLine_noReply() {
        assertNull(reply(""));
        assertNull(reply("   \t "));
    }

    @Test
    void quit_byeAndCloseAfter() {
        Reply quit = protocol.execute("QUIT");
        assertEquals("BYE", quit.text());
        assertTrue(quit.closeAfter());
        assertFalse(protocol.execute("PING").closeAfter());
    }
}
