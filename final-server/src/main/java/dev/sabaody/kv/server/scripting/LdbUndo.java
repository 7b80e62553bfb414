package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a SCRIPT DEBUG YES session undoes at its end, in place of Redis's forked child that exits
 * with the script's writes: each key a write command of the script is about to touch is saved first
 * (its DUMP payload and its absolute expiry, or that it did not exist), once; at the end each saved
 * key is deleted and, if it existed, RESTOREd as it was. Commands run through the command table, as
 * the script's own do, so every type and the keyspace's bookkeeping are handled the usual way.
 */
final class LdbUndo {

    private record Saved(int db, byte[] key, byte[] payload, long expireAt) {
    }

    /** "The error a YES session answers a write command it could not undo (one without key arguments)." */
    static final String CANNOT_UNDO = "-ERR This command cannot be undone at the end of a SCRIPT DEBUG YES session; "
            + "use SCRIPT DEBUG SYNC to keep the script's writes";

    private final CommandContext<Db> run;
    private final OutputBuffer out = new OutputBuffer();
    private final List<Saved> saved = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    LdbUndo(CommandContext<Db> caller) {
        Client client = new Client(caller.client().id(), null, null, 0);
        this.run = CommandContext.detached(caller.server(), client, new RespEncoder(out), null, null);
    }

    /** Before write command {@code argv} runs in database {@code db}: its keys saved; the error if it cannot be undone. */
    String beforeWrite(CommandSpec<Db> spec, Argv argv, int db) {
        int[] positions = spec.keyPositions(argv);
        if (positions.length == 0) {
            return CANNOT_UNDO;
        }
        for (int p : positions) {
            byte[] key = argv.copy(p);
            if (seen.add(db + ":" + new String(key, StandardCharsets.ISO_8859_1))) {
                run.select(db);
                byte[] payload = bulk(call("dump", key));
                long expireAt = integer(call("pexpiretime", key));
                saved.add(new Saved(db, key, payload, expireAt));
            }
        }
        return null;
    }

    /** Every saved key back as it was, last saved first. */
    void restore() {
        for (int i = saved.size() - 1; i >= 0; i--) {
            Saved s = saved.get(i);
            run.select(s.db());
            call("del", s.key());
            if (s.payload() != null) {
                byte[] ttl = Long.toString(Math.max(0, s.expireAt())).getBytes(StandardCharsets.ISO_8859_1);
                call("restore", s.key(), ttl, s.payload(), "ABSTTL".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        saved.clear();
        seen.clear();
    }

    private byte[] call(String name, byte[]... args) {
        List<byte[]> parts = new ArrayList<>(args.length + 1);
        parts.add(name.getBytes(StandardCharsets.ISO_8859_1));
        parts.addAll(Arrays.asList(args));
        Argv argv = Argv.of(parts);
        CommandSpec<Db> spec = run.commands().lookup(argv);
        out.clear();
        run.bind(argv, spec);
        spec.run(run);
        return out.toByteArray();
    }

    /** A bulk reply's bytes, null for a null one. */
    private static byte[] bulk(byte[] reply) {
        if (reply.length < 4 || reply[0] != '$' || reply[1] == '-') {
            return null;
        }
        int cr = 1;
        while (reply[cr] != '\r') {
            cr++;
        }
        int len = Integer.parseInt(new String(reply, 1, cr - 1, StandardCharsets.ISO_8859_1));
        return Arrays.copyOfRange(reply, cr + 2, cr + 2 + len);
    }

    private static long integer(byte[] reply) {
        int cr = 1;
        while (cr < reply.length && reply[cr] != '\r') {
            cr++;
        }
        return reply.length > 0 && reply[0] == ':' ? Long.parseLong(new String(reply, 1, cr - 1, StandardCharsets.ISO_8859_1)) : -1;
    }
}
