package dev.sabaody.kv.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONFIG SET's rules that a live Redis cannot be asked about safely: protection, and rollback of appliers. */
class ConfigSetTest {

    @Test
    void set_protectedDirective_allowedOnlyAsEnableProtectedConfigsSays() {
        ServerConfig no = ServerConfig.defaults();
        ServerConfig local = ServerConfig.defaults().with("enable-protected-configs", "local");
        ServerConfig yes = ServerConfig.defaults().with("enable-protected-configs", "yes");
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 50000);
        InetSocketAddress remote = new InetSocketAddress("10.1.2.3", 50000);
        assertFalse(ConfigCommand.protectedAllowed(no, loopback));
        assertTrue(ConfigCommand.protectedAllowed(local, loopback));
        assertFalse(ConfigCommand.protectedAllowed(local, remote));
        assertTrue(ConfigCommand.protectedAllowed(yes, remote));

        LiveConfig live = new LiveConfig(yes);
        assertNull(live.set(List.of("dbfilename", "other.rdb"), true));
        assertEquals("other.rdb", live.current().get("dbfilename"));
        assertEquals("CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, "
                + "just a filename", live.set(List.of("dbfilename", "a/b.rdb"), true));
    }

    @Test
    void set_aliasAndItsName_duplicateParameter() {
        LiveConfig live = new LiveConfig(ServerConfig.defaults());
        assertEquals("CONFIG SET failed (possibly related to argument 'replica-read-only') - duplicate parameter",
                live.set(List.of("slave-read-only", "no", "replica-read-only", "no"), false));
        assertEquals("yes", live.current().get("replica-read-only"));
    }

    @Test
    void set_applierFails_valuesAndEarlierAppliersRestored() {
        LiveConfig live = new LiveConfig(ServerConfig.defaults());
        List<String> applied = new ArrayList<>();
        live.onChange("hz", now -> applied.add("hz " + now.hz()));
        live.onChange("maxclients", now -> {
            throw new ValueType.BadValue("no such luck");
        });
        assertEquals("CONFIG SET failed (possibly related to argument 'maxclients') - no such luck",
                live.set(List.of("hz", "50", "maxclients", "5"), false));
        assertEquals(List.of("hz 50", "hz 10"), applied, "applied, then applied back");
        assertEquals(10, live.current().hz());
        assertEquals(10000, live.current().maxClients());
    }

    @Test
    void set_unchangedValue_appliesNothing() {
        LiveConfig live = new LiveConfig(ServerConfig.defaults());
        List<String> applied = new ArrayList<>();
        live.onChange("hz", now -> applied.add("hz"));
        assertNull(live.set(List.of("hz", "10"), false));
        assertEquals(List.of(), applied);
    }
}
