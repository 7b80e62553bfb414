package dev.sabaody.kv.resp;

/**
 * How a server's command log (final-server's append-only file) records a write whose replay, as sent,
 * would not give the same data. Redis's commands rewrite their own arguments before propagation
 * ({@code rewriteClientCommandVector}); here each command says which rewrite it needs, in its
 * {@link CommandSpec}, and the log applies it. Module 04 logs nothing, so the form is only data.
 */
public enum LoggedForm {
    /** Replayed as sent: the default. */
    AS_SENT,
    /** EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, GETEX: the key's absolute expiry (PEXPIREAT or PERSIST), DEL if it went. */
    ABSOLUTE_EXPIRY,
    /** SET with a relative TTL, SETEX, PSETEX: SET with the value and PXAT, DEL if it went. */
    SET_WITH_EXPIRY,
    /** A random or floating-point result (SPOP, INCRBYFLOAT), RESTORE: the key's resulting value and absolute TTL. */
    RESULTING_VALUE,
    /** XADD with an ID to generate: the ID it made. */
    GENERATED_ID
}
