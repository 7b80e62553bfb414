package dev.sabaody.kv.server.scripting;

import java.util.EnumSet;
import java.util.Set;
import org.luaj.vm2.Prototype;

/**
 * A compiled script of the cache: its SHA1 (what EVALSHA names), its body (SCRIPT LOAD's text), its
 * shebang flags and its LuaJ prototype. A prototype is immutable once compiled, so one serves every
 * thread: each runs it as a closure over its own engine's globals.
 */
record Script(String sha, byte[] body, Set<Flag> flags, Prototype prototype) {

    /** Redis 7.0's script flags (script.h SCRIPT_FLAG_*), with their shebang names. */
    enum Flag {
        NO_WRITES("no-writes"),
        ALLOW_OOM("allow-oom"),
        ALLOW_STALE("allow-stale"),
        NO_CLUSTER("no-cluster"),
        ALLOW_CROSS_SLOT("allow-cross-slot-keys"),
        /** No shebang: EVAL's behaviour of Redis 6 (may write, checked per command). */
        EVAL_COMPAT_MODE(null);

        final String shebangName;

        Flag(String shebangName) {
            this.shebangName = shebangName;
        }
    }

    static Set<Flag> compat() {
        return EnumSet.of(Flag.EVAL_COMPAT_MODE);
    }
}
