package dev.sabaody.kv.resp;

/**
 * What module 04 needs to know of a client's MULTI, which a later module keeps (module 05's
 * Transaction, in the client's attachment): whether commands are being queued. ACL LOG says
 * "multi" for a denial then, and CLIENT LIST's flags show an {@code x}.
 */
public interface PendingTransaction {

    boolean queueing();

    /** Whether {@code client} is between MULTI and EXEC. */
    static boolean of(Client client) {
        return client.attachment() instanceof PendingTransaction tx && tx.queueing();
    }
}
