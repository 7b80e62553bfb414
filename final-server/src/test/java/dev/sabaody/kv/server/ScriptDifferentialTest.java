package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of scripts against real Redis 7.0, byte for byte, with one and two shards: conversions
 * both ways, errors and where they point, pcall, nested tables, big numbers and floats, RESP3, the
 * Lua 5.1 surface, the libraries Redis bundles, shebang flags, the read-only forms, SCRIPT.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class ScriptDifferentialTest {

    @Parameter
    int shards;

    /** HELLO 3's map (server name, version, id differ): compared are the replies after it. */
    private static final String HELLO_3 = "(?s)^%7\\\\r\\\\n.*?\\$7\\\\r\\\\nmodules\\\\r\\\\n\\*0\\\\r\\\\n";

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** EVAL script numkeys args...: {@code e("return 1", "0")}. */
    private static Case e(String script, String... numkeysThenArgs) {
        String[] cmd = new String[numkeysThenArgs.length + 2];
        cmd[0] = "EVAL";
        cmd[1] = script;
        System.arraycopy(numkeysThenArgs, 0, cmd, 2, numkeysThenArgs.length);
        return Case.commands(script, cmd);
    }

    @Test
    void conversions_luaToResp_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("return 1", "0"), e("return -7", "0"), e("return 3.99", "0"), e("return -3.99", "0"),
                e("return 1e20", "0"), e("return -1e20", "0"), e("return 0/0", "0"), e("return 2^53", "0"),
                e("return 'hello'", "0"), e("return ''", "0"), e("return nil", "0"), e("return true", "0"),
                e("return false", "0"), e("return {}", "0"), e("return {1,2.7,'a',nil,4}", "0"),
                e("return {1,{2,{3,'x'}},true,false}", "0"), e("return {1, 'two', {3}, {ok='s'}, {err='e'}}", "0"),
                e("return {err='bad'}", "0"), e("return {ok='fine'}", "0"), e("return {ok='a\\r\\nb'}", "0"),
                e("return {err='MY code'}", "0"), e("return {err='x', ok='y'}", "0"), e("return {ok=3}", "0"),
                e("return redis.error_reply('x y')", "0"), e("return redis.error_reply('-x y')", "0"),
                e("return redis.error_reply('x')", "0"), e("return redis.error_reply('')", "0"),
                e("return redis.error_reply(3)", "0"), e("return redis.status_reply('FINE')", "0"),
                e("return redis.status_reply()", "0"), e("return {1,2,3,'x',{'y',{}}}", "0"),
                e("return {map={a=1}}", "0"), e("return {double=3.5}", "0"), e("return {big_number='123'}", "0"),
                e("return {set={a=true}}", "0"), e("return string.rep('x', 5)", "0")));
    }

    @Test
    void conversions_respToLua_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("redis.call('set', KEYS[1], 'v'); return redis.call('get', KEYS[1])", "1", "conv:s"),
                e("return redis.call('get', KEYS[1])", "1", "conv:none"),
                e("return type(redis.call('get', KEYS[1]))", "1", "conv:none"),
                e("return redis.call('ping')", "0"), e("return redis.call('ping').ok", "0"),
                e("return type(redis.call('ping'))", "0"),
                e("redis.call('del', KEYS[1]); return redis.call('incrby', KEYS[1], 41) + 1", "1", "conv:n"),
                e("redis.call('del', KEYS[1]); redis.call('rpush', KEYS[1], 'a', 'b', 'c'); return redis.call('lrange', KEYS[1], 0, -1)", "1", "conv:l"),
                e("return #redis.call('lrange', KEYS[1], 0, -1)", "1", "conv:l"),
                e("return redis.call('hgetall', KEYS[1])", "1", "conv:nohash"),
                e("redis.call('set', KEYS[1], 0.1); return redis.call('get', KEYS[1])", "1", "conv:f"),
                e("redis.call('set', KEYS[1], 1e20); return redis.call('get', KEYS[1])", "1", "conv:f"),
                e("redis.call('set', KEYS[1], 3); return redis.call('get', KEYS[1])", "1", "conv:f"),
                e("redis.call('set', KEYS[1], -0.5); return redis.call('get', KEYS[1])", "1", "conv:f"),
                e("return redis.call('set', KEYS[1], {})", "1", "conv:f"),
                e("return redis.pcall('set', KEYS[1], {})", "1", "conv:f"),
                e("redis.call('del', KEYS[1]); redis.call('zadd', KEYS[1], 1.5, 'a'); return redis.call('zscore', KEYS[1], 'a')", "1", "conv:z"),
                e("redis.call('del', KEYS[1]); return redis.call('del', KEYS[1], KEYS[1])", "1", "conv:d"),
                e("return KEYS", "2", "conv:a", "conv:b"), e("return ARGV", "1", "conv:a", "x", "y"),
                e("return #KEYS .. #ARGV", "2", "conv:a", "conv:b", "c"),
                Case.commands("cleanup", new String[] {"DEL", "conv:s"}, new String[] {"DEL", "conv:n"},
                        new String[] {"DEL", "conv:l"}, new String[] {"DEL", "conv:f"}, new String[] {"DEL", "conv:z"})));
    }

    @Test
    void resp3_setrespAndHello3_asRedis() {
        List<Case> cases = new ArrayList<>();
        String[][] scripts = {
                {"redis.setresp(3); redis.call('del', KEYS[1]); redis.call('hset', KEYS[1], 'f', 'v'); return redis.call('hgetall', KEYS[1])", "1", "r3:h"},
                {"redis.setresp(3); return redis.call('hgetall', KEYS[1]).map.f", "1", "r3:h"},
                {"redis.setresp(3); redis.call('del', KEYS[1]); redis.call('sadd', KEYS[1], 'm'); return redis.call('smembers', KEYS[1])", "1", "r3:s"},
                {"redis.setresp(3); redis.call('del', KEYS[1]); redis.call('zadd', KEYS[1], 2.5, 'a'); return redis.call('zscore', KEYS[1], 'a')", "1", "r3:z"},
                {"redis.setresp(3); return redis.call('zscore', KEYS[1], 'a').double", "1", "r3:z"},
                {"redis.setresp(3); return redis.call('get', KEYS[1])", "1", "r3:none"},
                {"redis.setresp(3); return type(redis.call('get', KEYS[1]))", "1", "r3:none"},
                {"redis.setresp(3); return true", "0"}, {"redis.setresp(3); return false", "0"},
                {"redis.setresp(3); return {double=1.5}", "0"}, {"redis.setresp(3); return {big_number='1234567890123456789012'}", "0"},
                {"redis.setresp(3); return {map={k='v'}}", "0"}, {"redis.setresp(3); return {set={k=true}}", "0"},
                {"redis.setresp(2); return false", "0"}, {"return redis.setresp(4)", "0"}, {"return redis.setresp()", "0"},
                {"return nil", "0"}};
        for (String[] s : scripts) {
            String[] cmd = new String[s.length + 1];
            cmd[0] = "EVAL";
            System.arraycopy(s, 0, cmd, 1, s.length);
            cases.add(Case.commands("RESP2: " + s[0], cmd));
            cases.add(Case.commands("RESP3: " + s[0], new String[] {"HELLO", "3"}, cmd).ignoring(HELLO_3));
        }
        DifferentialHarness.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void errors_textAndPosition_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("return x", "0"), e("x=1", "0"), e("return nosuchfn()", "0"), e("return redis.call('nosuch')", "0"),
                e("return redis.pcall('nosuch')", "0"), e("return redis.call('get')", "0"), e("return redis.pcall('get')", "0"),
                e("return redis.call()", "0"), e("return redis.pcall()", "0"), e("return redis.call('multi')", "0"),
                e("return redis.call('eval', 'return 1', '0')", "0"), e("return redis.call('get', 'x', 'y')", "0"),
                e("error('boom')", "0"), e("error(123)", "0"), e("error()", "0"), e("error({err='MY boom'})", "0"),
                e("error({err='ERR tab'})", "0"), e("error('ERR my own')", "0"),
                e("\n\nerror('third line')", "0"),
                e("redis.call('set', KEYS[1], 'abc'); return redis.call('incr', KEYS[1])", "1", "err:s"),
                e("return redis.pcall('incr', KEYS[1])", "1", "err:s"),
                e("local r = redis.pcall('incr', KEYS[1]); return r.err", "1", "err:s"),
                e("local ok, e = pcall(function() return redis.call('nosuch') end); return e", "0"),
                e("local ok, e = pcall(function() return redis.call('nosuch') end); return type(e)", "0"),
                e("local ok, e = pcall(function() return redis.call('nosuch') end); error(e)", "0"),
                e("local ok, e = pcall(function() error('plain') end); return e", "0"),
                e("local ok, e = pcall(function() x = 1 end); return e", "0"),
                e("return pcall(function() error({err='x'}) end)", "0"),
                e("return {pcall(function() return 1, 2 end)}", "0"),
                e("return 'a' ..", "0"), e("x = = 2", "0"), e("return (", "0"), e("return ')' ..", "0"),
                e("return 1", "-1"), e("return 1", "2", "a"), e("return 1", "x"),
                Case.commands("evalsha missing", new String[] {"EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"}),
                Case.commands("evalsha short", new String[] {"EVALSHA", "abc", "0"}),
                Case.commands("eval arity", new String[] {"EVAL", "return 1"}),
                Case.commands("cleanup", new String[] {"DEL", "err:s"})));
    }

    @Test
    void lua51Surface_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("return tostring(0.1)", "0"), e("return tostring(1e15)", "0"), e("return tostring(2^53)", "0"),
                e("return tostring(1/0)", "0"), e("return tostring(-1/0)", "0"), e("return tostring(10/3)", "0"),
                e("return tostring(12345678901234567)", "0"), e("return tostring(100)", "0"),
                e("return tostring(true) .. tostring(nil)", "0"),
                e("return string.format('%d', 3.7)", "0"),
                e("return string.format('%5.2f|%g|%x|%5s|%-5d|%c', 3.14159, 0.1, 255, 'ab', 42, 65)", "0"),
                e("return string.format('%.14g|%e|%i|%o|%X|%%', 10/3, 12345.678, 7, 8, 255)", "0"),
                e("return string.format('%s %s', 1, 2.5)", "0"), e("return string.format('%q', 'a\\nb\"c')", "0"),
                e("return string.format('%05d|%+d|% d|%#x', 42, 5, 5, 255)", "0"),
                e("return unpack({1,2,3})", "0"), e("return {unpack({1,2,3})}", "0"), e("return table.getn({1,2,3})", "0"),
                e("return loadstring('return 1')()", "0"), e("return math.mod(7,3)", "0"), e("return _VERSION", "0"),
                e("return redis.REDIS_VERSION", "0"), e("return redis.REDIS_VERSION_NUM", "0"),
                e("return redis.sha1hex('')", "0"), e("return redis.sha1hex(12)", "0"), e("return redis.sha1hex()", "0"),
                e("math.randomseed(1); return math.random(1,100)", "0"), e("return table.concat({1,2,'x'}, ',')", "0"),
                e("return math.floor(-3.5) .. math.ceil(3.2) .. math.max(1,5,3)", "0"),
                e("return #'abc' + ('5' + 1)", "0"), e("return '10' * '2'", "0"), e("return tonumber('0x10')", "0"),
                e("return 7 % -3", "0"), e("return type(setfenv)", "0"), e("return type(print)", "0"),
                e("return type(os)", "0"), e("return type(io)", "0"), e("return type(debug)", "0"),
                e("return type(require)", "0"), e("return type(loadfile)", "0"), e("return type(dofile)", "0"),
                e("return type(load)", "0"), e("return type(coroutine)", "0"), e("return type(gcinfo)", "0"),
                e("return type(table.maxn)", "0"), e("return type(string.gfind)", "0"), e("return type(math.log10)", "0"),
                e("return table.maxn({1,2,nil,4})", "0"),
                e("string.x = 1", "0"), e("redis.call = nil", "0"),
                e("local t = {} ; t.x = 1; return t.x", "0"), e("return redis.LOG_DEBUG .. redis.LOG_WARNING", "0"),
                e("return redis.log(redis.LOG_WARNING, 'from a test')", "0"), e("return redis.log()", "0"),
                e("return redis.set_repl(redis.REPL_ALL)", "0"), e("return redis.replicate_commands()", "0"),
                e("return redis.REPL_ALL .. redis.REPL_AOF .. redis.REPL_SLAVE .. redis.REPL_REPLICA .. redis.REPL_NONE", "0")));
    }

    @Test
    void libraries_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("return cjson.encode({1,2,{a=1}})", "0"), e("return cjson.encode({})", "0"),
                e("return cjson.encode('a/b\"c\\n')", "0"), e("return cjson.encode({a=0.1})", "0"),
                e("return cjson.encode({1, cjson.null, true})", "0"),
                e("return cjson.decode('[1,2,{\"a\":1.5}]')[3].a * 10", "0"),
                e("return cjson.decode('{\"a\":[1,2,3]}').a[3]", "0"),
                e("return cjson.decode('\"x\\\\u0041\"')", "0"),
                e("return cjson.decode('null') == cjson.null", "0"),
                e("return cjson.encode(cjson.decode('[1,\"two\",[3],{\"k\":false}]'))", "0"),
                e("return bit.band(0xff, 0x0f) .. ' ' .. bit.tohex(255) .. ' ' .. bit.lshift(1, 40)", "0"),
                e("return {bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.rshift(-1, 28), bit.arshift(-256, 4)}", "0"),
                e("return {bit.tobit(2^32 + 5), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678), bit.tohex(-1, -4)}", "0"),
                e("return struct.pack('>I2', 258)", "0"), e("return struct.pack('<i4', -2)", "0"),
                e("return struct.pack('>bBhH', -1, 255, -2, 65535)", "0"),
                e("return {struct.unpack('>I2', struct.pack('>I2', 258))}", "0"),
                e("return {struct.unpack('<i4s', struct.pack('<i4s', -7, 'zz'))}", "0"),
                e("return struct.size('>iId')", "0"),
                e("return {struct.unpack('dLc0', struct.pack('dLc0', 1.5, 3, 'abc'))}", "0"), e("return struct.pack('c3', 'abc')", "0"),
                e("return cmsgpack.pack({1,2,3})", "0"), e("return cmsgpack.pack('abc', 300, -5, true, 1.5)", "0"),
                e("return cmsgpack.pack(string.rep('x', 40))", "0"), e("return cmsgpack.pack(70000, -70000, 0.1)", "0"),
                e("return cmsgpack.pack({a=1})", "0"),
                e("return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}))}", "0"),
                e("return cmsgpack.unpack(cmsgpack.pack({a={b='c'}})).a.b", "0")));
    }

    @Test
    void shebangAndReadOnly_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                e("#!lua flags=no-writes\nreturn redis.call('set', KEYS[1], 'b')", "1", "ro:a"),
                e("#!lua\nreturn redis.call('set', KEYS[1], 'b')", "1", "ro:a"),
                e("#!lua flags=bogus\nreturn 1", "0"), e("#!luax\nreturn 1", "0"), e("#!lua name=x\nreturn 1", "0"),
                e("#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1", "0"),
                e("#!lua flags=\nreturn 1", "0"), e("#!lua flags=no-writes", "0"), e("#! lua\nreturn 1", "0"),
                Case.commands("eval_ro write", new String[] {"EVAL_RO", "return redis.call('set', KEYS[1], 'b')", "1", "ro:a"}),
                Case.commands("eval_ro pcall write", new String[] {"EVAL_RO", "return redis.pcall('set', KEYS[1], 'b')", "1", "ro:a"}),
                Case.commands("eval_ro read", new String[] {"EVAL_RO", "return redis.call('get', KEYS[1])", "1", "ro:a"}),
                Case.commands("eval_ro write flag", new String[] {"EVAL_RO", "#!lua\nreturn redis.call('get', KEYS[1])", "1", "ro:a"}),
                Case.commands("eval_ro no-writes", new String[] {"EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "ro:a"}),
                Case.commands("cleanup", new String[] {"DEL", "ro:a"})));
    }

    @Test
    void scriptCommand_andEvalsha_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("flush", new String[] {"SCRIPT", "FLUSH"}),
                Case.commands("load then evalsha", new String[] {"SCRIPT", "LOAD", "return ARGV[1] .. 'x'"},
                        new String[] {"EVALSHA", "e32f40b10b10c507a1ea6e6175fb503157875926", "0", "a"},
                        new String[] {"SCRIPT", "EXISTS", "e32f40b10b10c507a1ea6e6175fb503157875926", "ffff"}),
                Case.commands("eval caches", new String[] {"EVAL", "return 42", "0"},
                        new String[] {"SCRIPT", "EXISTS", "1fa00e76656cc152ad327c13fe365858fd7be306"},
                        new String[] {"EVALSHA", "1FA00E76656CC152AD327C13FE365858FD7BE306", "0"},
                        new String[] {"EVALSHA_RO", "1fa00e76656cc152ad327c13fe365858fd7be306", "0"}),
                Case.commands("load errors", new String[] {"SCRIPT", "LOAD", "return ("},
                        new String[] {"SCRIPT", "LOAD", "#!lua flags=bad\nreturn 1"}),
                Case.commands("flush modes", new String[] {"SCRIPT", "FLUSH", "SYNC"}, new String[] {"SCRIPT", "FLUSH", "ASYNC"},
                        new String[] {"SCRIPT", "FLUSH", "NOW"}, new String[] {"SCRIPT", "EXISTS", "1fa00e76656cc152ad327c13fe365858fd7be306"}),
                Case.commands("kill when idle", new String[] {"SCRIPT", "KILL"}),
                Case.commands("help and unknown", new String[] {"SCRIPT", "HELP"}, new String[] {"SCRIPT", "NOPE"},
                        new String[] {"SCRIPT"})));
    }

    @Test
    void transactionsAndBlocking_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("eval in multi", new String[] {"MULTI"},
                        new String[] {"EVAL", "return redis.call('incr', KEYS[1])", "1", "tx:a"},
                        new String[] {"EVAL", "return redis.call('incr', KEYS[1])", "1", "tx:a"}, new String[] {"EXEC"},
                        new String[] {"DEL", "tx:a"}),
                e("return redis.call('blpop', KEYS[1], 0)", "1", "tx:list"),
                e("redis.call('select', 9); redis.call('set', KEYS[1], 'nine'); return redis.call('get', KEYS[1])", "1", "tx:db"),
                Case.commands("select in a script does not move the caller",
                        new String[] {"EVAL", "redis.call('select', 9); return 1", "0"},
                        new String[] {"GET", "tx:db"}, new String[] {"SELECT", "9"}, new String[] {"DEL", "tx:db"})));
    }

    private static String[] c(String... args) {
        return args;
    }

    @Test
    void functions_loadCallListDelete_asRedis() {
        String lib1 = "#!lua name=lib1\nredis.register_function('f1', function(keys, args) return {keys[1], args[1]} end)";
        String lib3 = "#!lua name=lib3\nredis.register_function{function_name='ro', callback=function(keys, args) "
                + "return redis.call('set', keys[1], 'x') end, flags={'no-writes'}, description='read only'}";
        String lib5 = "#!lua name=lib5\nredis.register_function('e1', function(keys, args) return redis.call('nosuch') end)\n"
                + "redis.register_function('e2', function(keys, args) error('boom') end)";
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("load errors", c("FUNCTION", "FLUSH"), c("FUNCTION", "LOAD", "return 1"),
                        c("FUNCTION", "LOAD", "#!lua\nreturn 1"), c("FUNCTION", "LOAD", "#!lua name=lib1\nreturn 1"),
                        c("FUNCTION", "LOAD", "#!lua name=lib1 foo=bar\nreturn 1"),
                        c("FUNCTION", "LOAD", "#!lua name=lib3\nredis.register_function('bad-name', function(keys, args) return 1 end)"),
                        c("FUNCTION", "LOAD", "#!lua name=lib3\nredis.register_function('g', function() return 1 end)\nredis.register_function('g', function() return 1 end)"),
                        c("FUNCTION", "LOAD", "#!lua name=lib3\nredis.call('ping')"),
                        c("FUNCTION", "LOAD", "#!lua name=lib4\nredis.register_function{function_name='x', callback=function() end, flags={'bogus'}}"),
                        c("FUNCTION", "LOAD", "#!lua name=lib4\nredis.register_function('x')"),
                        c("FUNCTION", "LOAD", "#!lua name=lib4\nreturn ("),
                        c("FUNCTION", "LOAD", "#!lua name=lib4\nlocal a = x")),
                Case.commands("load, call, list, replace", c("FUNCTION", "FLUSH"), c("FUNCTION", "LOAD", lib1),
                        c("FUNCTION", "LOAD", lib1),
                        c("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f1', function(keys, args) return 1 end)"),
                        c("FCALL", "f1", "1", "fn:k", "a"), c("FCALL", "nosuch", "0"), c("FCALL", "f1", "-1"),
                        c("FCALL_RO", "f1", "1", "fn:k"), c("FCALL", "f1", "0"),
                        c("FUNCTION", "LIST"), c("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "lib*"),
                        c("FUNCTION", "LIST", "LIBRARYNAME"), c("FUNCTION", "LIST", "BAD"), c("FUNCTION", "STATS"),
                        c("FUNCTION", "LOAD", "REPLACE", "#!lua name=lib1\nredis.register_function('f9', function(keys, args) return 9 end)"),
                        c("FCALL", "f1", "0"), c("FCALL", "f9", "0")),
                Case.commands("read-only function and errors", c("FUNCTION", "FLUSH"), c("FUNCTION", "LOAD", lib3),
                        c("FCALL", "ro", "1", "fn:k"), c("FCALL_RO", "ro", "1", "fn:k"),
                        c("FUNCTION", "LIST", "WITHCODE"), c("FUNCTION", "LOAD", lib5),
                        c("FCALL", "e1", "0"), c("FCALL", "e2", "0"), c("FUNCTION", "DELETE", "nosuch"),
                        c("FUNCTION", "DELETE", "lib5"), c("FUNCTION", "DELETE", "lib3"), c("FUNCTION", "LIST")),
                Case.commands("dump and restore", c("FUNCTION", "FLUSH"), c("FUNCTION", "DUMP"),
                        c("FUNCTION", "LOAD", "#!lua name=lib1\nredis.register_function('g1', function(keys, args) return 1 end)"),
                        c("FUNCTION", "DUMP"), c("FUNCTION", "RESTORE", "garbage"), c("FUNCTION", "RESTORE", "x", "BAD"),
                        c("FUNCTION", "RESTORE", "x", "FLUSH", "more"), c("FUNCTION", "flush", "sync", "more")),
                Case.commands("the rest", c("FUNCTION", "KILL"), c("FUNCTION", "HELP"), c("FUNCTION", "FLUSH", "BAD"),
                        c("FUNCTION", "FLUSH", "SYNC"), c("FUNCTION", "STATS"))));
    }

    /**
     * Numbers as text, as C's printf writes them, for doubles of every magnitude (a fixed seed):
     * tostring ({@code %.14g}), a redis.call argument ({@code %.17g}), and string.format's conversions.
     */
    @Test
    void numberFormatting_manyDoubles_asRedis() {
        java.util.Random random = new java.util.Random(25);
        List<String[]> commands = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            double d = switch (i % 5) {
                case 0 -> random.nextDouble();
                case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> Math.scalb(random.nextDouble(), random.nextInt(200) - 100);
                case 3 -> random.nextInt(2_000_000) - 1_000_000;
                default -> Math.round(random.nextDouble() * 1e6) / 1e3;
            };
            String text = Double.toString(d);
            commands.add(c("EVAL", "local x = tonumber(ARGV[1]); return {tostring(x), string.format('%.3f|%e|%g|%10.4g|%.17g|%d', x, x, x, x, x, x)}", "0", text));
            commands.add(c("EVAL", "redis.call('set', KEYS[1], tonumber(ARGV[1])); return redis.call('get', KEYS[1])", "1", "fmt:k", text));
        }
        commands.add(c("DEL", "fmt:k"));
        DifferentialHarness.assertSameAsRedis(server.port(),
                List.of(Case.commands("150 doubles", commands.toArray(new String[0][]))));
    }

    @Test
    void functionsInResp3_mapsAndSets_asRedis() {
        String lib3 = "#!lua name=lib3\nredis.register_function{function_name='ro', callback=function(keys, args) "
                + "return redis.call('get', keys[1]) end, flags={'no-writes', 'allow-stale'}, description='read only'}";
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("list and stats in RESP3", c("HELLO", "3"), c("FUNCTION", "FLUSH"), c("FUNCTION", "LOAD", lib3),
                        c("FUNCTION", "LIST", "WITHCODE"), c("FUNCTION", "STATS"), c("FCALL_RO", "ro", "1", "fn:none"),
                        c("FUNCTION", "FLUSH")).ignoring(HELLO_3)));
    }

    @Test
    void commandInfo_scriptingCommands_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("command info", c("COMMAND", "INFO", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro")),
                Case.commands("getkeys", c("COMMAND", "GETKEYS", "EVAL", "return 1", "2", "a", "b", "c"),
                        c("COMMAND", "GETKEYS", "FCALL", "f", "1", "a", "b"))));
    }
}
