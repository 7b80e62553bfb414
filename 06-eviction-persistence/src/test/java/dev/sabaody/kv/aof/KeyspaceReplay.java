package dev.sabaody.kv.aof;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A replay into a module 05 keyspace, commands run by module 05's runner on the test's thread, as a
 * client per file (Redis's fake AOF client): what the tests load a log into to compare it with Redis.
 * Every command and key is also kept, in order, for tests that compare the stream itself.
 */
final class KeyspaceReplay implements AofLoad.Replay {

    private static final CommandTable<Db> TABLE = DataCommands.table();

    final ManualClock clock;
    final Keyspace keyspace;
    final List<byte[][]> commands = new ArrayList<>();
    final List<LoadedKey> keys = new ArrayList<>();
    final List<String> files = new ArrayList<>();
    private final ServerState<Db> state;
    private final OutputBuffer out = new OutputBuffer();
    private final RespEncoder encoder = new RespEncoder(out);
    private final KeyspaceRunner runner = new KeyspaceRunner();
    private Client client;
    private long clientIds;

    /** A replay whose clock reads {@code nowMillis}: TTLs in the log are compared against it. */
    KeyspaceReplay(long nowMillis) {
        clock = new ManualClock(nowMillis);
        keyspace = new Keyspace(clock);
        state = new ServerState<>(TABLE, keyspace.databases(), new Clients(), clock, ServerState.REDIS_VERSION);
        client = new Client(++clientIds, null, null, 0);
    }

    @Override
    public void file(AofManifest.File file) {
        files.add(file.name());
        client = new Client(++clientIds, null, null, 0);
    }

    @Override
    public void key(LoadedKey key) {
        keys.add(key);
        RdbFile.install(List.of(key), keyspace, k -> true, SaveOptions.Clocks.NONE, clock.currentTimeMillis());
    }

    @Override
    public boolean command(byte[][] argv) {
        commands.add(argv);
        Argv args = Argv.of(Arrays.asList(argv));
        CommandSpec<Db> spec = TABLE.lookup(args);
        if (spec == null) {
            return false;
        }
        runner.run(CommandContext.detached(state, client, encoder, args, spec));
        out.clear();
        return true;
    }

    @Override
    public boolean inTransaction() {
        return Transaction.queueing(client);
    }
}
