package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.nio.Session;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions driven by hand, with no socket: pipelining, closing rules, per-connection state. */
class RespSessionTest {

    private ManualClock clock;
    private RespProtocol<SimpleDb> protocol;
    private FakeConnection connection;
    private Session session;

    @BeforeEach
    void open() {
        clock = new ManualClock();
        protocol = Main.protocol(clock);
        connection = new FakeConnection(7);
        session = protocol.open(connection);
    }

    /** Offers {@code text} as one read; returns the remaining (unconsumed) bytes' count. */
    private int send(String text) {
        ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        session.onInput(in);
        return in.remaining();
    }

    private String reply(String text) {
        send(text);
        return connection.takeOutput();
    }

    @Test
    void onInput_pipelinedRequests_repliesInOrderInOneBuffer() {
        assertEquals("+PONG\r\n+OK\r\n$1\r\nv\r\n:1\r\n", reply("PING\r\nSET k v\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nEXISTS k\r\n"));
    }

    @Test
    void onInput_incompleteRequest_leftUnconsumed() {
        assertEquals(10, send("PING\r\n*1\r\n$4\r\nPI"));
        assertEquals("+PONG\r\n", connection.takeOutput());
    }

    @Test
    void onInput_protocolError_repliesThenClosesAfterFlush() {
        assertEquals("+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n", reply("PING\r\n*x\r\nPING\r\n"));
        assertTrue(connection.closedAfterFlush);
        assertEquals("", reply("PING\r\n"), "nothing runs after the error");
    }

    @Test
    void quit_repliesOkAndStopsProcessing() {
        assertEquals(0, send("QUIT\r\nPING\r\n"));
        assertEquals("+OK\r\n", connection.takeOutput());
        assertTrue(connection.closedAfterFlush);
    }

    @Test
    void httpRequest_closedAtOnceWithoutReply() {
        assertEquals("", reply("POST / HTTP/1.1\r\n"));
        assertTrue(connection.closedNow);
    }

    /**
     * With replies still owed by a runner (final-server: commands sent to other shards), an HTTP
     * request closes the connection at once all the same: Redis answers nothing to an attacker's
     * page, not even the commands before it.
     */
    @Test
    void httpRequest_repliesOwedElsewhere_closedAtOnceWithoutWaitingForThem() {
        ServerState<SimpleDb> state = new ServerState<>(Commands.module04(),
                new Databases<>(Databases.DEFAULT_DATABASES, SimpleDb::new), clock);
        CommandRunner<SimpleDb> deferring = new CommandRunner<>() {
            @Override
            public Outcome run(CommandContext<SimpleDb> ctx) {
                return Outcome.DEFERRED; // its reply will come from elsewhere, later
            }

            @Override
            public boolean hasDeferred() {
                return true;
            }
        };
        FakeConnection c = new FakeConnection(9);
        Session s = new RespProtocol<>(any -> state, any -> deferring, () -> RequestParser.PROTO_MAX_BULK_LEN).open(c);
        ByteBuffer in = ByteBuffer.wrap("SET k v\r\nPOST / HTTP/1.1\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        s.onInput(in);
        assertTrue(c.closedNow);
        assertEquals("", c.takeOutput());
    }

    @Test
    void hello3_switchesThisConnectionOnly() {
        String hello = reply("HELLO 3\r\n");
        assertTrue(hello.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n"), hello);
        assertTrue(hello.contains("$2\r\nid\r\n:7\r\n"), hello);
        assertEquals("_\r\n", reply("GET missing\r\n"));

        FakeConnection other = new FakeConnection(8);
        protocol.open(other).onInput(ByteBuffer.wrap("GET missing\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("$-1\r\n", other.takeOutput());
    }

    @Test
    void clientSetinfo_acceptedAs72Does() {
        assertEquals("+OK\r\n+OK\r\n", reply("CLIENT SETINFO lib-name jedis\r\nCLIENT SETINFO LIB-VER 6.2.0\r\n"));
        assertEquals("-ERR Unrecognized option 'x'\r\n", reply("CLIENT SETINFO x y\r\n"));
        assertEquals("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n",
                reply("CLIENT SETINFO lib-name \"a b\"\r\n"));
        // stored, not shown: CLIENT LIST's lib-name and lib-ver fields are 7.2's, and the line is 7.0's
        assertFalse(reply("CLIENT INFO\r\n").contains("lib-name"));
    }

    @Test
    void clientInfo_reportsAgeIdleNameDbFromTheClock() {
        send("CLIENT SETNAME worker\r\nSELECT 2\r\n");
        connection.takeOutput();
        clock.advance(Duration.ofSeconds(5));
        String info = reply("CLIENT INFO\r\n");
        assertTrue(info.contains("id=7 addr=127.0.0.1:50007 laddr="), info);
        assertTrue(info.contains(" name=worker age=5 idle=0 flags=N db=2 "), info);
        assertTrue(info.contains(" cmd=client|info "), info);
    }

    @Test
    void clientList_listsOpenConnectionsAndForgetsClosed() {
        Session other = protocol.open(new FakeConnection(9));
        assertTrue(reply("CLIENT LIST\r\n").contains("id=9 "));
        other.onClose();
        assertFalse(reply("CLIENT LIST\r\n").contains("id=9 "));
    }

    @Test
    void set_keepsCopies_notSlicesOfTheInput() {
        byte[] request = "SET k value\r\n".getBytes(StandardCharsets.US_ASCII);
        session.onInput(ByteBuffer.wrap(request));
        java.util.Arrays.fill(request, (byte) 'z'); // the loop reuses its input buffer
        connection.takeOutput();
        assertEquals("$5\r\nvalue\r\n", reply("GET k\r\n"));
    }

    @Test
    void select_databasesAreSeparate() {
        assertEquals("+OK\r\n+OK\r\n+OK\r\n$-1\r\n", reply("SET k zero\r\nSELECT 1\r\nSET other 1\r\nGET k\r\n"));
    }

    @Test
    void set_withOptions_syntaxErrorUntilModule05() {
        assertEquals("-ERR syntax error\r\n", reply("SET k v EX 10\r\n"));
    }

    @Test
    void commandCount_andGetKeys_useTheTable() {
        assertEquals(":14\r\n", reply("COMMAND COUNT\r\n"));
        assertEquals("*2\r\n$1\r\na\r\n$1\r\nb\r\n", reply("COMMAND GETKEYS EXISTS a b\r\n"));
    }

    @Test
    void commandList_filters() {
        assertEquals("*1\r\n$3\r\ndel\r\n", reply("COMMAND LIST FILTERBY PATTERN d*\r\n"));
        assertEquals("*2\r\n$11\r\nclient|list\r\n$12\r\ncommand|list\r\n", reply("COMMAND LIST FILTERBY PATTERN *|l?st\r\n"));
        assertEquals("*2\r\n$3\r\nset\r\n$3\r\ndel\r\n", reply("COMMAND LIST FILTERBY ACLCAT write\r\n"));
    }

    @Test
    void commandDocs_everyCommandWellFormed() {
        String docs = reply("COMMAND DOCS\r\n");
        byte[] bytes = docs.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(1, RespFrames.countReplies(bytes, bytes.length));
        assertTrue(docs.startsWith("*28\r\n"), "14 commands, name and docs each, as a flat RESP2 map");
    }

    @Test
    void onInput_commandThatFails_answersAnErrorAndTheSessionGoesOn() {
        CommandTable<SimpleDb> table = Commands.module04()
                .add(CommandSpec.<SimpleDb>command("boom", 1, ctx -> {
                    throw new IllegalStateException("a bug");
                }))
                .add(CommandSpec.<SimpleDb>command("hog", 1, ctx -> {
                    throw new OutOfMemoryError("Java heap space");
                }));
        ServerState<SimpleDb> state = new ServerState<>(table,
                new Databases<>(Databases.DEFAULT_DATABASES, SimpleDb::new), clock);
        FakeConnection c = new FakeConnection(8);
        Session s = new RespProtocol<>(any -> state, any -> CommandRunner.inline(), () -> RequestParser.PROTO_MAX_BULK_LEN).open(c);
        s.onInput(ByteBuffer.wrap("BOOM\r\nHOG\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("-ERR internal error running 'boom': IllegalStateException\r\n"
                + "-OOM command not allowed: the server is out of memory\r\n+PONG\r\n", c.takeOutput());
    }
}
