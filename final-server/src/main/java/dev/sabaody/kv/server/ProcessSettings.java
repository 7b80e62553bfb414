package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import dev.sabaody.kv.server.config.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the configuration does to the process beyond the event loops: maxclients within the
 * open-file limit, the log level, the pid file, and the start-up line that owns up to the
 * directives not applied. The values the loops use (hz, maxclients, proto-max-bulk-len) are read
 * from {@link LiveConfig} where they are used; what needs an action when it changes is registered
 * here as an applier.
 */
final class ProcessSettings {

    /** Redis keeps this many descriptors for itself when it sizes maxclients (CONFIG_MIN_RESERVED_FDS, server.h). */
    private static final int CONFIG_MIN_RESERVED_FDS = 32;

    private ProcessSettings() {
    }

    /**
     * Before the loops start: maxclients lowered to what the open-file limit allows (as Redis's
     * adjustOpenFilesLimit does, so CONFIG GET shows the number in force), the log level, and one
     * line naming the directives set to a value that changes nothing here yet.
     */
    static ServerConfig applyAtStart(ServerConfig config) {
        long limit = OpenFileLimit.current();
        int wanted = config.maxClients();
        if (limit > 0 && limit < (long) wanted + CONFIG_MIN_RESERVED_FDS) {
            int reduced = (int) Math.max(1, limit - CONFIG_MIN_RESERVED_FDS);
            Log.warn("You requested maxclients of %d requiring at least %d max file descriptors. Current maximum "
                            + "open files is %d. maxclients has been reduced to %d to compensate for low ulimit. "
                            + "Raise it with 'ulimit -n %d' before starting the server.",
                    wanted, wanted + CONFIG_MIN_RESERVED_FDS, limit, reduced, wanted + CONFIG_MIN_RESERVED_FDS);
            config = config.with("maxclients", Integer.toString(reduced));
        }
        Log.showInfo(!config.logLevel().equals("warning"));
        List<String> notApplied = config.notApplied();
        if (!notApplied.isEmpty()) {
            Log.warn("Not applied (accepted, checked and shown by CONFIG GET; Sabaody-KV does not act on them yet): %s",
                    String.join(", ", notApplied));
        }
        return config;
    }

    /** The most connections the loops may hold: what the open-file limit allows; maxclients is checked on open. */
    static int connectionCeiling() {
        long limit = OpenFileLimit.current();
        return limit <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, limit - CONFIG_MIN_RESERVED_FDS));
    }

    /**
     * rename-command, with the checks loadServerConfigFromString makes: the command exists, and the
     * new name is not taken. Applied to the table once all have passed.
     */
    static void applyRenames(ServerConfig config, CommandTable<?> table) {
        java.util.Set<String> names = new java.util.HashSet<>();
        table.all().forEach(spec -> names.add(spec.name()));
        for (List<String> line : config.fileOnly()) {
            if (!line.getFirst().equalsIgnoreCase("rename-command")) {
                continue;
            }
            String where = "Reading the configuration, at '" + String.join(" ", line) + "'";
            if (!names.remove(line.get(1).toLowerCase(java.util.Locale.ROOT))) {
                throw new ConfigException(where, "No such command in rename-command");
            }
            if (!line.get(2).isEmpty() && !names.add(line.get(2).toLowerCase(java.util.Locale.ROOT))) {
                throw new ConfigException(where, "Target command name already exists");
            }
        }
        for (List<String> line : config.fileOnly()) {
            if (line.getFirst().equalsIgnoreCase("rename-command")) {
                table.rename(line.get(1), line.get(2));
            }
        }
    }

    /** What CONFIG SET runs after a change, beyond the values the loops read where they use them. */
    static void registerAppliers(LiveConfig live) {
        live.onChange("maxclients", now -> {
            long limit = OpenFileLimit.current();
            if (limit > 0 && now.maxClients() + (long) CONFIG_MIN_RESERVED_FDS > limit) {
                throw new ValueType.BadValue("The operating system is not able to handle the specified number of "
                        + "clients, try with " + (limit - CONFIG_MIN_RESERVED_FDS));
            }
        });
        live.onChange("loglevel", now -> Log.showInfo(!now.logLevel().equals("warning")));
        live.onChange("proto-max-bulk-len", now -> Log.info("proto-max-bulk-len %d: for the connections opened "
                + "from now on; open connections keep the limit they started with", now.protoMaxBulkLen()));
    }

    /** createPidFile (server.c), once listening: the pid and a newline; a failure is logged, not fatal, as in Redis. */
    static void writePidFile(ServerConfig config) {
        if (config.pidFile().isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(config.pidFile()), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            Log.warn("Failed to write PID file: %s", e.getMessage());
        }
    }

    /** At shutdown, as Redis's prepareForShutdown does. */
    static void removePidFile(ServerConfig config) {
        if (config.pidFile().isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(config.pidFile()));
        } catch (IOException e) {
            Log.warn("Failed to remove PID file: %s", e.getMessage());
        }
    }
}
