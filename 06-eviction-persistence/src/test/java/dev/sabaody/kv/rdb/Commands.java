package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
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

/** Module 05's commands run on a keyspace on the test's thread: how the tests make and ask Bloom filters and sketches. */
final class Commands {

    private static final CommandTable<Db> TABLE = DataCommands.table();

    private final ServerState<Db> state;
    private final Client client = new Client(1, null, null, 0);
    private final OutputBuffer out = new OutputBuffer();
    private final RespEncoder encoder = new RespEncoder(out);
    private final KeyspaceRunner runner = new KeyspaceRunner();

    Commands(Keyspace keyspace) {
        this.state = new ServerState<>(TABLE, keyspace.databases(), new Clients(), keyspace.clock(),
                ServerState.REDIS_VERSION);
    }

    /** Runs one command; returns its reply in RESP. */
    String run(String... args) {
        List<byte[]> bytes = new ArrayList<>();
        for (String a : args) {
            bytes.add(a.getBytes(StandardCharsets.UTF_8));
        }
        Argv argv = Argv.of(bytes);
        CommandSpec<Db> spec = TABLE.lookup(argv);
        runner.run(CommandContext.detached(state, client, encoder, argv, spec));
        String reply = new String(out.toByteArray(), StandardCharsets.UTF_8);
        out.clear();
        return reply;
    }
}
