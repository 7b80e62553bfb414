package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;

import dev.sabaody.kv.nio.NioServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module 04 against real Redis 7.0, byte for byte: protocol errors, inline parsing, every command
 * and every error this module has. Each table is one test so that a failure names its area.
 */
class DifferentialTest {

    /** Escaped "id\r\n:123": the connection id, which differs between any two servers. */
    private static final String CONNECTION_ID = "id\\\\r\\\\n:\\d+";

    private static NioServer server;

    @BeforeAll
    static void start() throws Exception {
        server = Main.start(NioServer.Config.onPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void check(Case... cases) {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(cases));
    }

    @Test
    void protocolErrors_replyThenClose_asRedis() {
        check(
                Case.of("multibulk length not a number", "*x\\r\\n").closes(),
                Case.of("multibulk length with a plus sign", "*+1\\r\\n").closes(),
                Case.of("multibulk length over INT_MAX", "*3000000000\\r\\n").closes(),
                Case.of("bulk length not a number", "*1\\r\\n$x\\r\\n").closes(),
                Case.of("negative bulk length", "*1\\r\\n$-1\\r\\n").closes(),
                Case.of("bulk length over proto-max-bulk-len", "*1\\r\\n$536870913\\r\\n").closes(),
                Case.of("bulk length with leading zero", "*1\\r\\n$04\\r\\nPING\\r\\n").closes(),
                Case.of("element not a bulk string", "*1\\r\\nx\\r\\n").closes(),
                Case.of("element is an integer", "*2\\r\\n$4\\r\\nECHO\\r\\n:1\\r\\n").closes(),
                Case.of("wrong multibulk payload header", "*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\nx\\r\\nfooz\\r\\n").closes(),
                Case.of("CR as the element type", "*1\\r\\n\\r\\n\\r\\n").closes(),
                Case.of("unbalanced double quote", "ECHO \"a\\r\\n").closes(),
                Case.of("unbalanced single quote", "ECHO 'a\\r\\n").closes(),
                Case.of("closing quote followed by a letter", "ECHO \"a\"b\\r\\n").closes(),
                Case.of("replies before the error are sent", "PING\\r\\nECHO hi\\r\\n*x\\r\\nPING\\r\\n").replies(3).closes(),
                Case.of("inline request over 64 KB", "a".repeat(70_000)).closes(),
                Case.of("count line over 64 KB", "*" + "1".repeat(70_000)).closes(),
                Case.of("bulk length line over 64 KB", "*1\\r\\n$" + "1".repeat(70_000)).closes(),
                Case.of("HTTP request: closed without a reply", "POST / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n").replies(0).closes(),
                Case.of("host: line: closed without a reply", "host: evil\\r\\n").replies(0).closes());
    }

    @Test
    void framing_edgeCases_asRedis() {
        check(
                Case.of("negative count is no command", "*-1\\r\\nPING\\r\\n"),
                Case.of("zero count is no command", "*0\\r\\nPING\\r\\n"),
                Case.of("empty line is no command", "\\r\\n\\r\\nPING\\r\\n"),
                Case.of("blank line is no command", "   \\t \\r\\nPING\\r\\n"),
                Case.of("LF alone ends an inline line", "PING\\nPING\\n").replies(2),
                Case.of("bytes after a bulk string are skipped unchecked", "*1\\r\\n$4\\r\\nPINGxx*1\\r\\n$4\\r\\nPING\\r\\n").replies(2),
                Case.of("empty bulk string argument", "*2\\r\\n$4\\r\\nECHO\\r\\n$0\\r\\n\\r\\n"),
                Case.of("binary argument with CR LF and NUL", "*2\\r\\n$4\\r\\nECHO\\r\\n$5\\r\\na\\r\\n\\x00b\\r\\n"),
                Case.of("pipelined arrays and inline", "*1\\r\\n$4\\r\\nPING\\r\\nPING\\r\\n*2\\r\\n$4\\r\\nECHO\\r\\n$1\\r\\nz\\r\\nECHO y\\r\\n").replies(4),
                Case.of("command names ignore case", "pInG\\r\\n"));
    }

    @Test
    void inlineQuoting_sdssplitargs_asRedis() {
        check(
                Case.of("double quotes keep spaces", "ECHO \"a b\"\\r\\n"),
                Case.of("hex and C escapes", "ECHO \"\\\\x41\\\\x4a\\\\n\\\\t\\\\\\\\\\\\\"\"\\r\\n"),
                Case.of("invalid hex escape is literal", "ECHO \"\\\\xZZ\"\\r\\n"),
                Case.of("single quotes with escaped quote", "ECHO 'it\\\\'s'\\r\\n"),
                Case.of("single quotes keep backslashes", "ECHO 'a\\\\nb'\\r\\n"),
                Case.of("quote opening mid-word", "ECHO a\"b c\"\\r\\n"),
                Case.of("empty quoted word", "ECHO \"\"\\r\\n"),
                Case.of("tabs separate words", "ECHO\\ta\\r\\n"),
                Case.of("high bytes are not blanks", "ECHO \\xc3\\xa9\\r\\n"));
    }

    @Test
    void commandErrors_asRedis() {
        check(
                Case.of("unknown command with args", "foo a b\\r\\n"),
                Case.of("unknown command without args", "foo\\r\\n"),
                Case.of("unknown command, long args cut at 128", "foo " + "x".repeat(100) + " " + "y".repeat(100) + " z\\r\\n"),
                Case.of("unknown command, long name cut at 128", "n".repeat(200) + "\\r\\n"),
                Case.of("unknown command, CR LF in args become spaces", "*3\\r\\n$3\\r\\nfoo\\r\\n$3\\r\\na\\r\\n\\r\\n$1\\r\\nb\\r\\n"),
                Case.of("unknown command, NUL cuts an arg", "*2\\r\\n$3\\r\\nfoo\\r\\n$3\\r\\na\\x00b\\r\\n"),
                Case.of("wrong arity, exact", "GET\\r\\n"),
                Case.of("wrong arity, too many", "GET a b\\r\\n"),
                Case.of("wrong arity, minimum", "SET a\\r\\n"),
                Case.of("wrong arity of a subcommand", "CLIENT SETNAME\\r\\n"),
                Case.of("container alone", "CLIENT\\r\\n"),
                Case.of("unknown subcommand", "CLIENT bogus\\r\\n"),
                Case.of("unknown subcommand keeps its case", "command BoGuS x\\r\\n"),
                Case.of("PING with two messages", "PING a b\\r\\n"));
    }

    @Test
    void connectionCommands_asRedis() {
        check(
                Case.of("PING", "PING\\r\\n"),
                Case.of("PING message", "PING hello\\r\\n"),
                Case.of("ECHO", "ECHO hello\\r\\n"),
                Case.of("ECHO without message", "ECHO\\r\\n"),
                Case.of("QUIT", "QUIT\\r\\n").closes(),
                Case.of("QUIT with arguments", "QUIT now please\\r\\n").closes(),
                Case.of("nothing runs after QUIT", "QUIT\\r\\nPING\\r\\n").closes(),
                Case.of("SELECT 0 and 15", "SELECT 0\\r\\nSELECT 15\\r\\n").replies(2),
                Case.of("SELECT 16", "SELECT 16\\r\\n"),
                Case.of("SELECT -1", "SELECT -1\\r\\n"),
                Case.of("SELECT x", "SELECT x\\r\\n"),
                Case.of("SELECT 01", "SELECT 01\\r\\n"),
                Case.of("SELECT beyond int", "SELECT 99999999999\\r\\n"),
                Case.of("CLIENT GETNAME unnamed", "CLIENT GETNAME\\r\\n"),
                Case.of("CLIENT SETNAME then GETNAME", "CLIENT SETNAME app-1\\r\\nCLIENT GETNAME\\r\\n").replies(2),
                Case.of("CLIENT SETNAME empty clears", "CLIENT SETNAME x\\r\\nCLIENT SETNAME \"\"\\r\\nCLIENT GETNAME\\r\\n").replies(3),
                Case.of("CLIENT SETNAME with a space", "CLIENT SETNAME \"a b\"\\r\\n"),
                Case.of("CLIENT SETNAME with a high byte", "CLIENT SETNAME \\xc3\\xa9\\r\\n"),
                Case.of("CLIENT ID", "CLIENT ID\\r\\n").ignoring(":\\d+"));
    }

    @Test
    void hello_asRedis_exceptConnectionId() {
        check(
                Case.of("HELLO", "HELLO\\r\\n").ignoring(CONNECTION_ID),
                Case.of("HELLO 2", "HELLO 2\\r\\n").ignoring(CONNECTION_ID),
                Case.of("HELLO 3", "HELLO 3\\r\\n").ignoring(CONNECTION_ID),
                Case.of("HELLO 3 then HELLO reports 3", "HELLO 3\\r\\nHELLO\\r\\n").replies(2).ignoring(CONNECTION_ID),
                Case.of("HELLO 3 then 2 goes back", "HELLO 3\\r\\nHELLO 2\\r\\nGET hello:none\\r\\n").replies(3).ignoring(CONNECTION_ID),
                Case.of("HELLO 1", "HELLO 1\\r\\n"),
                Case.of("HELLO 4", "HELLO 4\\r\\n"),
                Case.of("HELLO x", "HELLO x\\r\\n"),
                Case.of("HELLO 3 AUTH default anything", "HELLO 3 AUTH default secret\\r\\n").ignoring(CONNECTION_ID),
                Case.of("HELLO 3 AUTH unknown user", "HELLO 3 AUTH alice secret\\r\\n"),
                Case.of("HELLO 3 AUTH missing password", "HELLO 3 AUTH default\\r\\n"),
                Case.of("HELLO 3 SETNAME", "HELLO 3 SETNAME app\\r\\nCLIENT GETNAME\\r\\n").replies(2).ignoring(CONNECTION_ID),
                Case.of("HELLO 3 SETNAME invalid", "HELLO 3 SETNAME \"a b\"\\r\\n"),
                Case.of("HELLO 2 unknown option", "HELLO 2 foo\\r\\n"),
                Case.of("RESP3 null bulk", "HELLO 3\\r\\nGET hello:none\\r\\nCLIENT GETNAME\\r\\n").replies(3).ignoring(CONNECTION_ID),
                Case.of("RESP3 map and set in COMMAND INFO", "HELLO 3\\r\\nCOMMAND INFO get nosuch\\r\\n").replies(2).ignoring(CONNECTION_ID),
                Case.of("RESP3 COMMAND INFO with notes and tips", "HELLO 3\\r\\nCOMMAND INFO set del client|list\\r\\n").replies(2).ignoring(CONNECTION_ID),
                Case.of("RESP3 COMMAND DOCS", "HELLO 3\\r\\nCOMMAND DOCS set hello exists command|list\\r\\n").replies(2).ignoring(CONNECTION_ID));
    }

    @Test
    void stringCommands_asRedis() {
        check(
                Case.of("SET then GET", "DEL d:k\\r\\nSET d:k v1\\r\\nGET d:k\\r\\n").replies(3),
                Case.of("GET missing", "GET d:missing\\r\\n"),
                Case.of("SET overwrites", "SET d:o a\\r\\nSET d:o b\\r\\nGET d:o\\r\\n").replies(3),
                Case.of("binary value", "*3\\r\\n$3\\r\\nSET\\r\\n$3\\r\\nd:b\\r\\n$4\\r\\n\\x00\\r\\n\\xff\\r\\n*2\\r\\n$3\\r\\nGET\\r\\n$3\\r\\nd:b\\r\\n").replies(2),
                Case.of("empty value", "SET d:e \"\"\\r\\nGET d:e\\r\\n").replies(2),
                Case.of("DEL counts existing keys", "SET d:x 1\\r\\nSET d:y 2\\r\\nDEL d:x d:y d:z\\r\\nDEL d:x\\r\\n").replies(4),
                Case.of("EXISTS counts repeats", "SET d:e1 1\\r\\nEXISTS d:e1 d:e1 d:nope\\r\\n").replies(2),
                Case.of("databases are separate", "SELECT 3\\r\\nSET d:db three\\r\\nSELECT 0\\r\\nDEL d:db\\r\\nGET d:db\\r\\nSELECT 3\\r\\nGET d:db\\r\\n").replies(7),
                Case.commands("SET and GET as arrays", new String[] {"SET", "d:arr", "value"}, new String[] {"GET", "d:arr"}));
    }

    @Test
    void commandIntrospection_asRedis() {
        check(
                Case.of("COMMAND INFO of every command here", "COMMAND INFO get set del exists ping echo quit hello select\\r\\n"),
                Case.of("COMMAND INFO of subcommands", "COMMAND INFO client|id client|getname client|setname client|info client|list command|count command|info command|docs command|list command|getkeys command|help client|help\\r\\n"),
                Case.of("COMMAND INFO unknown", "COMMAND INFO nosuch GET\\r\\n"),
                Case.of("COMMAND DOCS of every command here", "COMMAND DOCS get set del exists ping echo quit hello select\\r\\n"),
                Case.of("COMMAND DOCS of subcommands", "COMMAND DOCS client|id client|getname client|setname client|info command|count command|info command|docs command|list command|getkeys command|help client|help\\r\\n"),
                Case.of("COMMAND DOCS skips unknown", "COMMAND DOCS nosuch echo\\r\\n"),
                Case.of("COMMAND GETKEYS", "COMMAND GETKEYS DEL a b c\\r\\nCOMMAND GETKEYS SET k v\\r\\nCOMMAND GETKEYS GET k\\r\\n").replies(3),
                Case.of("COMMAND GETKEYS errors", "COMMAND GETKEYS nosuch a b\\r\\nCOMMAND GETKEYS PING a b\\r\\nCOMMAND GETKEYS SET k\\r\\nCOMMAND GETKEYS GET\\r\\n").replies(4),
                Case.of("COMMAND LIST syntax errors", "COMMAND LIST x\\r\\nCOMMAND LIST FILTERBY x y\\r\\n").replies(2),
                Case.of("COMMAND LIST FILTERBY MODULE", "COMMAND LIST FILTERBY MODULE nosuch\\r\\n"));
    }

    @Test
    void timeAndRole_asRedis() {
        check(Case.of("ROLE of a master with no replicas", "ROLE\r\n"),
                Case.of("ROLE in RESP3", "HELLO 3\r\nROLE\r\n").replies(2).ignoring(CONNECTION_ID),
                Case.of("TIME: seconds and microseconds", "TIME\r\n").ignoring("\\$\\d+\\\\r\\\\n\\d+"),
                Case.of("TIME takes no argument", "TIME x\r\n"),
                Case.of("COMMAND INFO", "COMMAND INFO time role\r\n"),
                Case.of("COMMAND DOCS", "COMMAND DOCS time role\r\n"));
    }
}
