package dev.sabaody.kv.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The rules of maxmemory, for any sequence of writes, reads and deletes of every shape, under every
 * policy that evicts:
 * <ul>
 *   <li>after each command, used memory is at most maxmemory, unless the policy has nothing left it
 *       may evict (a volatile policy with no key holding a TTL);
 *   <li>the memory total kept incrementally equals a recount of every key from scratch;
 *   <li>a volatile policy never evicts a key without a TTL.
 * </ul>
 */
class EvictionPropertyTest {

    /** One command: what it is, on which of a few keys, with which size of value. */
    record Op(int kind, int key, int size, boolean ttl) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 199),
                Arbitraries.integers().between(0, 3000), Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(50).ofMaxSize(400);
    }

    @Provide
    Arbitrary<EvictionPolicy> evicting() {
        return Arbitraries.of(EvictionPolicy.class).filter(p -> p != EvictionPolicy.NOEVICTION);
    }

    @Property(tries = 60)
    void anyPolicy_anyOperations_usedMemoryStaysUnderTheBound(@ForAll("evicting") EvictionPolicy policy,
                                                               @ForAll("ops") List<Op> ops,
                                                               @ForAll @IntRange(min = 20, max = 200) int kilobytes) {
        long max = MemoryAccounting.USED_MEMORY_BASE + kilobytes * 1024L;
        InProcess server = new InProcess(new MemoryLimits().maxmemory(max).policy(policy));
        Set<String> withoutTtl = new HashSet<>();
        for (Op op : ops) {
            String key = "k" + op.key();
            apply(server, op, key, withoutTtl);
            server.evictor.makeRoom(); // what the next command would do first
            server.memory.refreshOverhead(server.keyspace); // the tables as they are, not as last counted
            assertEquals(server.recountedDataset(), server.memory.dataset(), "incremental total equals a recount");
            boolean canEvict = policy.allKeys() ? server.keyspace.keyCount() > 0 : server.keyspace.db(0).expires() > 0;
            if (canEvict) {
                assertTrue(server.memory.used() <= max, "used memory " + server.memory.used() + " over " + max + " under " + policy);
            }
            if (!policy.allKeys()) {
                for (String k : withoutTtl) {
                    assertNotNull(server.peek(k), policy + " never evicts " + k + ", which has no TTL");
                }
            }
        }
    }

    /** Runs {@code op}; keeps {@code withoutTtl} the set of keys written without a TTL and not deleted since. */
    private static void apply(InProcess server, Op op, String key, Set<String> withoutTtl) {
        String value = "v".repeat(op.size());
        String reply;
        switch (op.kind()) {
            case 0, 1 -> reply = op.ttl() ? server.run("SET", key, value, "EX", "1000") : server.run("SET", key, value);
            case 2 -> reply = server.run("HSET", "h" + key, "f" + op.size() % 50, value);
            case 3 -> reply = op.size() % 2 == 0 ? server.run("RPUSH", "l" + key, value)
                    : server.run("XADD", "x" + key, "MAXLEN", "50", "*", "f", value);
            case 4 -> reply = server.run("SADD", "s" + key, "m" + op.size());
            case 5 -> reply = server.run("ZADD", "z" + key, Integer.toString(op.size()), "m" + op.size() % 300);
            case 6 -> reply = server.run("APPEND", key, value);
            case 7 -> reply = server.run("GET", key);
            case 8 -> reply = server.run("DEL", key, "h" + key, "l" + key, "s" + key, "z" + key, "x" + key);
            default -> reply = server.run("EXPIRE", key, "500");
        }
        // the plain keys this model tracks: a write without TTL adds, a delete or a TTL removes
        if ((op.kind() <= 1 && !op.ttl()) && reply.startsWith("+OK")) {
            withoutTtl.add(key);
        } else if (op.kind() <= 1 || op.kind() == 8 || (op.kind() == 9 && reply.equals(":1\r\n"))) {
            withoutTtl.remove(key);
        }
        // APPEND to a missing key creates it without a TTL; to a key that was evicted or is volatile: unknown
        if (op.kind() == 6 && server.peek(key) != null && server.peek(key).expireAt() < 0) {
            withoutTtl.add(key);
        } else if (op.kind() == 6) {
            withoutTtl.remove(key);
        }
    }

    @Property(tries = 20)
    void noeviction_refusesWritesOverTheLimit_andKeepsEveryKey(@ForAll @Size(min = 20, max = 200) List<@IntRange(min = 1, max = 4000) Integer> sizes) {
        long max = MemoryAccounting.USED_MEMORY_BASE + 64 * 1024;
        InProcess server = new InProcess(new MemoryLimits().maxmemory(max).policy(EvictionPolicy.NOEVICTION));
        int stored = 0;
        for (int i = 0; i < sizes.size(); i++) {
            String reply = server.run("SET", "k" + i, "v".repeat(sizes.get(i)));
            if (reply.startsWith("+OK")) {
                stored++;
            } else {
                assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", reply);
                assertTrue(server.memory.used() > max);
            }
        }
        assertEquals(stored, server.keyspace.keyCount());
        assertEquals(0, server.keyspace.stats().evictedKeys);
    }
}
