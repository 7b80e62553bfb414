package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.memory.MemoryInfo;
import java.util.Collection;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * What the scripts hold, for INFO's {@code # Memory} (the {@code used_memory_*} of Lua and functions,
 * {@code number_of_cached_scripts}, {@code number_of_functions}, {@code number_of_libraries}).
 *
 * <p>Redis reads its Lua VMs' heaps ({@code lua_gc(LUA_GCCOUNT)}); LuaJ's values live on the JVM's
 * heap with everything else, so the VM figures here count what the compiled code holds: each
 * prototype's instruction, line and constant arrays and its string constants, at the sizes this JVM
 * lays them out (16-byte array headers, 4 bytes an int or a compressed reference), nested
 * prototypes included. The interpreter's own tables (globals, libraries) are not counted: every
 * thread has them, scripts or not. The script figures are Redis's: each cached script's SHA1 and
 * body ({@code lctx.lua_scripts_mem}), each library's code and its functions' names.
 */
final class ScriptsMemory {

    /** A JVM array's header with compressed class pointers (bytes). */
    private static final int ARRAY_HEADER_BYTES = 16;
    /** An int, or a compressed reference (bytes). */
    private static final int SLOT_BYTES = 4;
    /** The SHA1 in hex Redis keeps as each script's key (bytes). */
    private static final int SHA1_HEX_BYTES = 40;

    private ScriptsMemory() {
    }

    static MemoryInfo.Scripts of(Collection<Script> scripts, List<Functions.Library> libraries) {
        long vmEval = 0;
        long eval = 0;
        for (Script s : scripts) {
            vmEval += compiledBytes(s.prototype());
            eval += SHA1_HEX_BYTES + s.body().length;
        }
        long vmFunctions = 0;
        long functionsBytes = 0;
        long functions = 0;
        for (Functions.Library lib : libraries) {
            vmFunctions += compiledBytes(lib.prototype);
            functionsBytes += lib.code.length + lib.name.length();
            for (String f : lib.functions.keySet()) {
                functionsBytes += f.length();
            }
            functions += lib.functions.size();
        }
        return new MemoryInfo.Scripts(vmEval, eval, scripts.size(), functions, libraries.size(), vmFunctions, functionsBytes);
    }

    /** A prototype's arrays and string constants, nested prototypes included; 0 for none. */
    static long compiledBytes(Prototype p) {
        if (p == null) {
            return 0;
        }
        long bytes = array(p.code == null ? 0 : p.code.length) + array(p.lineinfo == null ? 0 : p.lineinfo.length);
        if (p.k != null) {
            bytes += array(p.k.length);
            for (LuaValue k : p.k) {
                if (k instanceof LuaString s) {
                    bytes += array(0) + s.m_length;
                }
            }
        }
        if (p.p != null) {
            bytes += array(p.p.length);
            for (Prototype nested : p.p) {
                bytes += compiledBytes(nested);
            }
        }
        return bytes;
    }

    private static long array(int slots) {
        return ARRAY_HEADER_BYTES + (long) SLOT_BYTES * slots;
    }
}
