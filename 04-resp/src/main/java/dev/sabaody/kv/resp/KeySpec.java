package dev.sabaody.kv.resp;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a command's keys are in its arguments, in Redis 7's "key specs" form (see the key-specs
 * page of the Redis docs and {@code struct keySpec} in server.h): first find where to begin
 * searching, then which arguments from there are keys.
 *
 * <p>Routing needs this: final-server hashes each key to the shard that owns it, and a cluster
 * client asks COMMAND INFO the same question. Most commands have one spec, {@code index 1} +
 * {@code range 0 1 0}: "the key is argument 1".
 *
 * @param notes    free text Redis shows for the spec, or null
 * @param flags    what the command does with these keys
 * @param begin    where the search starts
 * @param find     which arguments after that are keys
 */
public record KeySpec(String notes, Set<Flag> flags, BeginSearch begin, FindKeys find) {

    /** Key-spec flags (server.h CMD_KEY_*), in COMMAND INFO's order. */
    public enum Flag {
        RO("RO"), RW("RW"), OW("OW"), RM("RM"), ACCESS("access"), UPDATE("update"), INSERT("insert"),
        DELETE("delete"), NOT_KEY("not_key"), INCOMPLETE("incomplete"), VARIABLE_FLAGS("variable_flags");

        final String replyName;

        Flag(String replyName) {
            this.replyName = replyName;
        }
    }

    public sealed interface BeginSearch {
    }

    /** The search begins at a fixed argument index ({@code 1} for most commands). */
    public record Index(int pos) implements BeginSearch {
    }

    /** The search begins after a keyword ({@code STREAMS} in XREAD), looked for from {@code startFrom}. */
    public record Keyword(String keyword, int startFrom) implements BeginSearch {
    }

    public sealed interface FindKeys {
    }

    /**
     * Keys run from the begin position to {@code lastKey} (relative to it; negative counts from the
     * end: -1 is the last argument), every {@code keyStep} arguments.
     */
    public record Range(int lastKey, int keyStep, int limit) implements FindKeys {
    }

    /** An argument says how many keys follow (EVAL's numkeys). */
    public record KeyNum(int keyNumIdx, int firstKey, int keyStep) implements FindKeys {
    }

    /** The usual spec: keys from argument {@code pos}, to {@code lastKey} relative, every {@code step}. */
    public static KeySpec range(int pos, int lastKey, int step, Flag first, Flag... rest) {
        return new KeySpec(null, EnumSet.of(first, rest), new Index(pos), new Range(lastKey, step, 0));
    }

    public KeySpec withNotes(String text) {
        return new KeySpec(text, flags, begin, find);
    }

    static List<KeySpec> none() {
        return List.of();
    }
}
