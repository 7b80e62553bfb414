package dev.sabaody.kv.resp;

/**
 * An ACL rule that cannot be applied, with Redis's text for it (acl.c ACLSetUserStringError). The
 * instances are shared: a rule error carries no state but its message.
 */
public final class AclRuleException extends Exception {

    static final AclRuleException UNKNOWN_COMMAND = new AclRuleException("Unknown command or category name in ACL");
    static final AclRuleException SYNTAX = new AclRuleException("Syntax error");
    static final AclRuleException KEYS_AFTER_ALL = new AclRuleException("Adding a pattern after the * pattern (or the "
            + "'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty "
            + "list of patterns");
    static final AclRuleException CHANNELS_AFTER_ALL = new AclRuleException("Adding a pattern after the * pattern (or "
            + "the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start "
            + "with an empty list of channels");
    static final AclRuleException NO_SUCH_PASSWORD = new AclRuleException(
            "The password you are trying to remove from the user does not exist");
    static final AclRuleException BAD_HASH = new AclRuleException(
            "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters");
    static final AclRuleException FIRST_ARG_OF_SUBCOMMAND = new AclRuleException(
            "Allowing first-arg of a subcommand is not supported");
    /** Not a rule error of Redis's list: what {@code user} lines and ACL LOAD say of a name used twice. */
    public static final AclRuleException DUPLICATE_USER = new AclRuleException(
            "Duplicate user found. A user can only be defined once in config files");

    private AclRuleException(String message) {
        super(message, null, false, false);
    }
}
