package dev.sabaody.kv.memory;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Module 06 without a socket: one keyspace under {@link MemoryLimits}, commands run through module
 * 05's runner on the test's thread, time on a {@link ManualClock}. Properties run thousands of
 * commands; a server per try would test the network instead.
 */
final class InProcess {

    private static final CommandTable<Db> TABLE = MemoryCommand.register(DataCommands.table());

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final Keyspace keyspace = new Keyspace(clock);
    final MemoryLimits limits;
    final MemoryAccounting memory = new MemoryAccounting();
    final Evictor evictor;
    private final ServerState<Db> state = new ServerState<>(TABLE, keyspace.databases(), new Clients(), clock,
            ServerState.REDIS_VERSION);
    private final Client client = new Client(1, null, null, 0);
    private final OutputBuffer out = new OutputBuffer();
    private final RespEncoder encoder = new RespEncoder(out);
    private final KeyspaceRunner runner = new KeyspaceRunner();

    InProcess(MemoryLimits limits) {
        this.limits = limits;
        this.evictor = Evictor.install(keyspace, limits, memory, clock);
    }

    /** Runs one command as a client would; returns its reply in RESP. */
    String run(String... args) {
        List<byte[]> bytes = new ArrayList<>();
        for (String a : args) {
            bytes.add(a.getBytes(StandardCharsets.UTF_8));
        }
        Argv argv = Argv.of(bytes);
        CommandSpec<Db> spec = TABLE.lookup(argv);
        CommandContext<Db> ctx = CommandContext.detached(state, client, encoder, argv, spec);
        runner.run(ctx);
        String reply = new String(out.toByteArray(), StandardCharsets.UTF_8);
        out.clear();
        return reply;
    }

    /** What the keyspace's keys cost, recounted from scratch: every entry's bytes as it is now. */
    long recountedDataset() {
        long[] n = {0};
        for (int i = 0; i < keyspace.databases().count(); i++) {
            keyspace.db(i).forEach(e -> n[0] += Db.bytesOf(e));
        }
        return n[0];
    }

    Entry peek(String key) {
        return keyspace.db(0).peek(key.getBytes(StandardCharsets.UTF_8));
    }
}
