package dev.sabaody.kv.resp;

/**
 * Redis 7's ACL categories (acl.c ACLCommandCategories), in the order COMMAND INFO lists them. An ACL
 * rule like {@code -@dangerous} names a category; final-server's AUTH uses them.
 */
public enum AclCategory {
    KEYSPACE, READ, WRITE, SET, SORTEDSET, LIST, HASH, STRING, BITMAP, HYPERLOGLOG, GEO, STREAM,
    PUBSUB, ADMIN, FAST, SLOW, BLOCKING, DANGEROUS, CONNECTION, TRANSACTION, SCRIPTING;

    /** "@read", as COMMAND INFO writes it. */
    public String replyName() {
        return "@" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
