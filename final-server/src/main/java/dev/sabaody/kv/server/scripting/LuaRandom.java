package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * math.random and math.randomseed as Redis's Lua has them (rand.c, redis_math_random in Redis's
 * lmathlib.c): the 48-bit linear congruential generator of lrand48, reseeded with 0 before every
 * script, so the same script draws the same numbers on every server and every replica.
 */
final class LuaRandom {

    /** rand.c: a = 0x5DEECE66D, c = 0xB, modulo 2^48. */
    private static final long A = 0x5DEECE66DL;
    private static final long C = 0xB;
    private static final long MASK_48 = (1L << 48) - 1;
    /** REDIS_LRAND48_MAX = INT32_MAX. */
    private static final long LRAND48_MAX = Integer.MAX_VALUE;

    private long x;

    /** redisSrand48: the high 32 bits are the seed, the low 16 are 0x330E. */
    void seed(int seed) {
        x = ((seed & 0xFFFFFFFFL) << 16 | 0x330E) & MASK_48;
    }

    /** redisLrand48: the next 31-bit value. */
    long nextValue() {
        x = (A * x + C) & MASK_48;
        return x >>> 17;
    }

    VarArgFunction randomFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double r = (double) (LuaRandom.this.nextValue() % LRAND48_MAX) / (double) LRAND48_MAX;
                switch (args.narg()) {
                    case 0:
                        return LuaValue.valueOf(r);
                    case 1: {
                        int u = args.checkint(1);
                        if (u < 1) {
                            throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                        }
                        return LuaValue.valueOf(Math.floor(r * u) + 1);
                    }
                    case 2: {
                        int l = args.checkint(1);
                        int u = args.checkint(2);
                        if (l > u) {
                            throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                        }
                        return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                    }
                    default:
                        throw new LuaError("wrong number of arguments");
                }
            }
        };
    }

    OneArgFunction seedFunction() {
        return new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue seed) {
                seed(seed.checkint());
                return NONE;
            }
        };
    }
}
