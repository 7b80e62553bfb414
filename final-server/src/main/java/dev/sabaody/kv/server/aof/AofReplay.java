package dev.sabaody.kv.server.aof;

import dev.sabaody.kv.aof.AofManifest;
import dev.sabaody.kv.aof.AofLoad;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.GrowingString;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.Users;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the log at start-up, while the server answers -LOADING: every command through the command table
 * and module 05's runner, as a client would send it (MULTI and EXEC included), on one keyspace of
 * its own (Redis's fake client). The keys it ends with are then handed to the shards that own them,
 * as the keys of an RDB file are. Blocking commands cannot block here: they answer as on timeout.
 */
final class AofReplay implements AofLoad.Replay {

    private final Keyspace keyspace;
    private final ServerState<Db> state;
    private final CommandTable<Db> table;
    private final KeyspaceRunner runner = new KeyspaceRunner();
    private final OutputBuffer discard = new OutputBuffer();
    private final RespEncoder reply = new RespEncoder(discard);
    private Client client;
    private long clientIds;

    AofReplay(CommandTable<Db> table, Clock clock, int databases) {
        this.table = table;
        this.keyspace = new Keyspace(clock, databases, new Watches());
        this.keyspace.denyBlocking(true);
        this.state = new ServerState<>(table, keyspace.databases(), new Clients(), clock, ServerState.REDIS_VERSION,
                0, 1, new Users(table));
        this.client = newClient();
    }

    private Client newClient() {
        return new Client(--clientIds, null, null, 0);
    }

    @Override
    public void file(AofManifest.File file) {
        client = newClient(); // a new fake client per file: database 0, no transaction
    }

    @Override
    public void key(LoadedKey k) {
        Db db = keyspace.db(k.db());
        db.delete(k.key());
        Entry e = db.add(k.key(), k.value());
        if (k.expireAt() >= 0) {
            db.setExpire(e, k.expireAt());
        }
    }

    /** The base's libraries, as FUNCTION LOAD REPLACE would load them (rdbLoadRio's functions). */
    @Override
    public void functions(List<byte[]> codes) {
        for (byte[] code : codes) {
            command(new byte[][] {"FUNCTION".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "LOAD".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "REPLACE".getBytes(java.nio.charset.StandardCharsets.US_ASCII), code});
        }
    }

    @Override
    public boolean command(byte[][] argv) {
        Argv args = Argv.of(Arrays.asList(argv));
        CommandSpec<Db> spec = table.lookup(args);
        if (spec == null) {
            return false;
        }
        runner.run(CommandContext.detached(state, client, reply, args, spec));
        discard.clear();
        return true;
    }

    @Override
    public boolean inTransaction() {
        return Transaction.queueing(client);
    }

    /** The keys the replay ended with, as an RDB load gives them (values moved, not copied). */
    List<LoadedKey> keys() {
        List<LoadedKey> out = new ArrayList<>();
        for (int d = 0; d < keyspace.databases().count(); d++) {
            int db = d;
            keyspace.db(d).forEach(e -> out.add(new LoadedKey(db, e.key,
                    e.value instanceof GrowingString g ? g.toBytes() : e.value, e.expireAt(), 0, 0)));
        }
        return out;
    }
}
