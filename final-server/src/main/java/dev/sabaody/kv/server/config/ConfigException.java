package dev.sabaody.kv.server.config;

/**
 * A configuration that cannot be used: the message says where and why, as Redis's
 * {@code *** FATAL CONFIG FILE ERROR ***} does, and start-up stops with exit status 1. A typo in a
 * config file must not start a server configured otherwise than its operator believes.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String where, String why) {
        super("\n*** FATAL CONFIG ERROR ***\n" + where + "\n" + why);
    }
}
