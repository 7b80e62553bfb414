package dev.sabaody.kv.resp;

/**
 * Redis 7's command flags (server.h CMD_*), in the order COMMAND INFO lists them
 * ({@code addReplyFlagsForCommand}, server.c). Flags Redis hides from COMMAND INFO
 * (may_replicate, sentinel, only_sentinel, protected) are left out.
 */
public enum CommandFlag {
    /** Changes the keyspace. */
    WRITE,
    /** Only reads the keyspace. */
    READONLY,
    /** May grow memory use: refused when maxmemory is reached (module 06). */
    DENYOOM,
    MODULE,
    /** Administrative: dangerous in the wrong hands. */
    ADMIN,
    PUBSUB,
    /** Not allowed from Lua scripts. */
    NOSCRIPT,
    /** May block the client (BLPOP). */
    BLOCKING,
    /** Allowed while the dataset is loading at start-up (module 06). */
    LOADING,
    /** Allowed on a replica with stale data. */
    STALE,
    SKIP_MONITOR,
    SKIP_SLOWLOG,
    ASKING,
    /** O(1) or O(log N): never delays the loop. */
    FAST,
    /** Allowed before AUTH (HELLO, QUIT, AUTH). */
    NO_AUTH,
    NO_MANDATORY_KEYS,
    NO_ASYNC_LOADING,
    NO_MULTI,
    /** Key positions cannot be found from (first, last, step) alone. */
    MOVABLEKEYS,
    /** Allowed while a script is busy. */
    ALLOW_BUSY;

    /** The name COMMAND INFO gives. */
    public String replyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
