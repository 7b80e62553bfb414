package dev.sabaody.kv.data.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.BlockedClients;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What SWAPDB owes the clients that stay on their database numbers: watchers of a key that exists on
 * either side fail their EXEC, and clients blocked on a key that the swap brings in are woken.
 * (The WATCH case is also compared with Redis in {@link KeysDifferentialTest}.)
 */
class SwapDbTest {

    private final Keyspace keyspace = new Keyspace(new ManualClock());

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void swap_keyWaitedOnArrives_wakesTheBlockedClient() {
        int[] retries = {0};
        BlockedClients.Waiter waiter = () -> {
            retries[0]++;
            return BlockedClients.Retry.SERVED;
        };
        keyspace.blocked().block(waiter, 0, List.of(b("k")));
        keyspace.db(1).add(b("k"), b("v"));
        assertFalse(keyspace.blocked().hasReady(), "a key in another database wakes nobody");

        SwapDb.swap(keyspace, 0, 1);

        assertTrue(keyspace.blocked().hasReady());
        keyspace.blocked().serveReady(keyspace);
        assertEquals(1, retries[0]);
        assertFalse(keyspace.blocked().isBlocked(waiter));
    }

    @Test
    void swap_watchedKeyOnEitherSide_failsExec_otherwiseNot() {
        keyspace.db(1).add(b("there"), b("v"));
        keyspace.db(0).add(b("here"), b("v"));
        keyspace.watches().watch(1, 0, b("there"), false);
        keyspace.watches().watch(2, 1, b("here"), false);
        keyspace.watches().watch(3, 0, b("nowhere"), false);
        keyspace.watches().watch(4, 2, b("there"), false);

        SwapDb.swap(keyspace, 0, 1);

        assertTrue(keyspace.watches().failsExec(1, (db, key) -> false), "db 0 received the key it watches");
        assertTrue(keyspace.watches().failsExec(2, (db, key) -> false), "db 1 watched a key that moved away");
        assertFalse(keyspace.watches().failsExec(3, (db, key) -> false), "a key on neither side is unchanged");
        assertFalse(keyspace.watches().failsExec(4, (db, key) -> false), "another database is untouched");
        assertEquals(1, keyspace.db(0).size());
        assertTrue(keyspace.db(0).peek(b("there")) != null);
    }

    @Test
    void swap_sameDatabase_changesNothing() {
        keyspace.db(3).add(b("k"), b("v"));
        keyspace.watches().watch(1, 3, b("k"), false);
        SwapDb.swap(keyspace, 3, 3);
        assertFalse(keyspace.watches().failsExec(1, (db, key) -> false));
    }
}
