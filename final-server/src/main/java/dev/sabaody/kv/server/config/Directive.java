package dev.sabaody.kv.server.config;

import java.util.Set;

/**
 * One configuration directive, as config.c's {@code standardConfig} describes it: its name and
 * alias, its value type, its flags and its default; plus what Sabaody-KV does with it.
 *
 * @param name         the redis.conf name, lower case (the primary name CONFIG REWRITE writes)
 * @param alias        the other name Redis answers to ("slave-read-only"), or null
 * @param type         how the value is read, printed and rewritten
 * @param flags        Redis's config flags
 * @param defaultValue the value before any file or flag, in the form CONFIG GET prints
 * @param effect       when a value takes effect in Sabaody-KV
 * @param inertValue   for {@link Effect#NONE}: the value at which not applying it changes nothing
 *                     (the default, save for {@code save}: Redis snapshots by default, we do not)
 */
public record Directive(String name, String alias, ValueType type, Set<Flag> flags, String defaultValue,
                        Effect effect, String inertValue) {

    /** config.c's config flags that matter to the configuration model. */
    public enum Flag {
        /** IMMUTABLE_CONFIG: only the file and the command line set it ("can't set immutable config"). */
        IMMUTABLE,
        /** PROTECTED_CONFIG: CONFIG SET needs enable-protected-configs ("can't set protected config"). */
        PROTECTED,
        /** SENSITIVE_CONFIG: its value is a secret (redacted from logs that would show commands). */
        SENSITIVE,
        /** HIDDEN_CONFIG: a glob never matches it; CONFIG GET needs its exact name. */
        HIDDEN,
        /** DENY_LOADING_CONFIG: not while loading a dataset. */
        DENY_LOADING,
        /** DEBUG_CONFIG: shown by Redis's crash report. */
        DEBUG
    }

    /** When a new value changes what the server does. */
    public enum Effect {
        /** At once, CONFIG SET included. */
        LIVE,
        /** At start-up; Redis cannot change it at run time either (immutable). */
        AT_START,
        /** At start-up; Redis can change it at run time, Sabaody-KV stores it for the next start. */
        NEXT_START,
        /** Accepted, validated, stored and shown; nothing here acts on it yet. */
        NONE
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** Whether {@code name} (lower case) is this directive's name or alias. */
    boolean answersTo(String lowerName) {
        return name.equals(lowerName) || lowerName.equals(alias);
    }
}
