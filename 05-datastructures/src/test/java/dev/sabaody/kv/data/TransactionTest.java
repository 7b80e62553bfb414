package dev.sabaody.kv.data;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH on one connection, compared byte for byte with a real
 * Redis 7.0: the replies while queueing, the errors (nesting, EXEC or DISCARD without MULTI, WATCH
 * inside MULTI), EXECABORT after a command refused while queueing, errors at EXEC time that do not
 * stop the other commands, and a WATCH broken by the client's own write or by FLUSHALL. WATCH
 * broken by other clients and by expiry is in {@link WatchTest}.
 */
class TransactionTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void same(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    private static Case tx(String name, String[]... commands) {
        return fresh(name, commands);
    }

    @Test
    void multiExecDiscard_semantics_matchRedis() {
        same(
                tx("empty transaction", cmd("MULTI"), cmd("EXEC")),
                tx("queued commands run in order", cmd("MULTI"), cmd("SET", "k", "1"), cmd("GET", "k"),
                        cmd("SET", "k", "2"), cmd("GET", "k"), cmd("EXEC"), cmd("GET", "k")),
                tx("nothing runs before EXEC", cmd("SET", "k", "old"), cmd("MULTI"), cmd("SET", "k", "new"),
                        cmd("GET", "k"), cmd("DISCARD"), cmd("GET", "k")),
                tx("discard drops the queue", cmd("MULTI"), cmd("SET", "k", "1"), cmd("DISCARD"), cmd("GET", "k"),
                        cmd("EXEC")),
                tx("select inside a transaction", cmd("MULTI"), cmd("SELECT", "1"), cmd("SET", "k", "one"),
                        cmd("SELECT", "0"), cmd("GET", "k"), cmd("EXEC"), cmd("GET", "k"), cmd("SELECT", "1"),
                        cmd("GET", "k"), cmd("FLUSHDB")),
                tx("flushall inside a transaction", cmd("SET", "a", "1"), cmd("MULTI"), cmd("FLUSHALL"),
                        cmd("GET", "a"), cmd("SET", "a", "2"), cmd("EXEC"), cmd("GET", "a")),
                tx("ping and echo are queued too", cmd("MULTI"), cmd("PING"), cmd("ECHO", "hi"), cmd("EXEC")));
    }

    @Test
    void transactionErrors_matchRedis() {
        same(
                tx("MULTI calls can not be nested", cmd("MULTI"), cmd("MULTI"), cmd("SET", "k", "v"), cmd("EXEC"),
                        cmd("GET", "k")),
                tx("EXEC without MULTI", cmd("EXEC")),
                tx("DISCARD without MULTI", cmd("DISCARD")),
                tx("EXEC after EXEC", cmd("MULTI"), cmd("EXEC"), cmd("EXEC")),
                tx("MULTI with an argument", cmd("MULTI", "x")),
                tx("EXECABORT after an unknown command", cmd("MULTI"), cmd("SET", "k", "1"), cmd("NOSUCHCOMMAND", "a"),
                        cmd("SET", "j", "2"), cmd("EXEC"), cmd("GET", "k"), cmd("GET", "j")),
                tx("EXECABORT after wrong arity while queueing", cmd("MULTI"), cmd("SET", "k", "1"), cmd("GET"),
                        cmd("EXEC"), cmd("GET", "k")),
                tx("EXECABORT after DISCARD with an argument", cmd("MULTI"), cmd("DISCARD", "x"), cmd("EXEC")),
                tx("a transaction after EXECABORT is a new one", cmd("MULTI"), cmd("NOSUCH"), cmd("EXEC"),
                        cmd("MULTI"), cmd("SET", "k", "1"), cmd("EXEC")),
                tx("runtime errors inside EXEC do not stop the others", cmd("MULTI"), cmd("SET", "a", "1"),
                        cmd("FLUSHDB", "nonsense"), cmd("SELECT", "99"), cmd("GET", "a"), cmd("GET", "missing"),
                        cmd("SELECT", "notanumber"), cmd("SET", "b", "2"), cmd("EXEC"), cmd("GET", "b")),
                tx("WATCH inside MULTI is not allowed", cmd("MULTI"), cmd("WATCH", "k"), cmd("SET", "k", "v"),
                        cmd("EXEC"), cmd("GET", "k")),
                tx("WATCH without a key", cmd("WATCH")),
                tx("UNWATCH with an argument", cmd("UNWATCH", "x")),
                tx("UNWATCH inside MULTI is queued", cmd("MULTI"), cmd("UNWATCH"), cmd("EXEC")));
    }

    /**
     * Redis answers a rejected EXEC (wrong arity) with EXECABORT and ends the transaction, even outside
     * MULTI (server.c rejectCommand calls execCommandAbort). Module 04's session writes the arity
     * error itself before the runner hears of the rejection, so module 05 cannot do the same yet.
     */
    @Test
    void rejectedExec_answersExecAbort_likeRedis() {
        same(
                tx("EXEC with an argument outside MULTI", cmd("EXEC", "x")),
                tx("EXECABORT after EXEC with an argument", cmd("MULTI"), cmd("SET", "k", "1"), cmd("EXEC", "x"),
                        cmd("EXEC"), cmd("GET", "k")));
    }

    @Test
    void watchOnOneConnection_matchesRedis() {
        same(
                tx("own write breaks the watch", cmd("SET", "k", "1"), cmd("WATCH", "k"), cmd("SET", "k", "2"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("creating a watched missing key breaks the watch", cmd("WATCH", "k"), cmd("SET", "k", "1"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("writing the same value still breaks it", cmd("SET", "k", "1"), cmd("WATCH", "k"),
                        cmd("SET", "k", "1"), cmd("MULTI"), cmd("PING"), cmd("EXEC")),
                tx("reading a watched key does not", cmd("SET", "k", "1"), cmd("WATCH", "k"), cmd("GET", "k"),
                        cmd("MULTI"), cmd("PING"), cmd("EXEC")),
                tx("writing another key does not", cmd("WATCH", "k"), cmd("SET", "j", "1"), cmd("MULTI"),
                        cmd("PING"), cmd("EXEC")),
                tx("the same name in another database does not", cmd("WATCH", "k"), cmd("SELECT", "1"),
                        cmd("SET", "k", "1"), cmd("SELECT", "0"), cmd("MULTI"), cmd("GET", "k"), cmd("EXEC"),
                        cmd("SELECT", "1"), cmd("FLUSHDB")),
                tx("UNWATCH forgets the broken watch", cmd("WATCH", "k"), cmd("SET", "k", "1"), cmd("UNWATCH"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("a failed EXEC unwatches", cmd("WATCH", "k"), cmd("SET", "k", "1"), cmd("MULTI"), cmd("EXEC"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("EXECABORT unwatches", cmd("WATCH", "k"), cmd("SET", "k", "1"), cmd("MULTI"), cmd("NOSUCH"),
                        cmd("EXEC"), cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("DISCARD unwatches", cmd("WATCH", "k"), cmd("SET", "k", "1"), cmd("MULTI"), cmd("DISCARD"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                tx("FLUSHALL of an existing watched key breaks the watch", cmd("SET", "k", "1"), cmd("WATCH", "k"),
                        cmd("FLUSHALL"), cmd("MULTI"), cmd("PING"), cmd("EXEC")),
                tx("FLUSHALL of a missing watched key does not", cmd("WATCH", "k"), cmd("FLUSHALL"), cmd("MULTI"),
                        cmd("PING"), cmd("EXEC")),
                tx("FLUSHDB of another database does not", cmd("SET", "k", "1"), cmd("WATCH", "k"),
                        cmd("SELECT", "1"), cmd("FLUSHDB"), cmd("SELECT", "0"), cmd("MULTI"), cmd("PING"),
                        cmd("EXEC")),
                tx("several keys, one written", cmd("SET", "a", "1"), cmd("WATCH", "a", "b", "c"),
                        cmd("WATCH", "a"), cmd("SET", "c", "3"), cmd("MULTI"), cmd("PING"), cmd("EXEC")));
    }

    @Test
    void transactionsInResp3_matchRedis() {
        // HELLO's reply carries the connection id: compared up to it and from the key after it.
        String id = "\\$2\\\\r\\\\nid\\\\r\\\\n:\\d+";
        same(
                fresh("RESP3 EXEC", cmd("HELLO", "3"), cmd("MULTI"), cmd("SET", "k", "1"),
                        cmd("GET", "k"), cmd("GET", "missing"), cmd("SELECT", "99"), cmd("EXEC")).ignoring(id),
                fresh("RESP3 failed EXEC is a null", cmd("HELLO", "3"), cmd("WATCH", "k"),
                        cmd("SET", "k", "1"), cmd("MULTI"), cmd("PING"), cmd("EXEC")).ignoring(id),
                fresh("RESP3 EXECABORT", cmd("HELLO", "3"), cmd("MULTI"), cmd("GET"),
                        cmd("EXEC")).ignoring(id));
    }
}
