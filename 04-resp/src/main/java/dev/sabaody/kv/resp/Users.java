package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who may use the server: for now Redis's one built-in user, {@code default}, with its password or
 * {@code nopass} (acl.c's DefaultUser). {@code requirepass} sets that password, as it does in Redis 7,
 * where it is a shortcut for the default user's ACL rule ({@code resetpass >password}, or
 * {@code nopass} when empty).
 *
 * <p>A connection starts authenticated when the default user needs no password; otherwise every
 * command but those flagged {@code no_auth} (AUTH, HELLO, QUIT...) is answered {@code -NOAUTH}.
 *
 * <p>Passwords are kept as their SHA-256, as Redis keeps them, and compared in constant time: how
 * long a wrong guess takes says nothing about the right one. Shared by every connection and loop,
 * changed by CONFIG SET: the hash is one volatile field.
 */
public final class Users {

    /** acl.c's DefaultUser name. */
    public static final String DEFAULT_USER = "default";

    /** SHA-256 of the default user's password; null: nopass. */
    private volatile byte[] passwordHash;
    /** The password as configured, for CONFIG GET requirepass (Redis shows it too). */
    private volatile String requirePass = "";

    /** Sets the default user's password ("" for none), as CONFIG SET requirepass does. */
    public void setRequirePass(String password) {
        passwordHash = password.isEmpty() ? null : sha256(password.getBytes(StandardCharsets.UTF_8));
        requirePass = password;
    }

    public String requirePass() {
        return requirePass;
    }

    /** Whether a new connection must authenticate first (authRequired in server.c). */
    public boolean authRequired() {
        return passwordHash != null;
    }

    /** ACLCheckUserCredentials for the users there are: the default one, with this password or none. */
    public boolean check(byte[] user, byte[] password) {
        if (!DEFAULT_USER.equals(new String(user, StandardCharsets.ISO_8859_1))) {
            return false;
        }
        byte[] hash = passwordHash;
        return hash == null || MessageDigest.isEqual(hash, sha256(password));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
