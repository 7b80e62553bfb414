package dev.sabaody.kv.server.security;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.resp.AclRuleException;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.User;
import dev.sabaody.kv.resp.Users;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where users come from and go to (acl.c's loading and saving): the configuration's {@code user}
 * lines at start-up, or the {@code aclfile} (never both: Redis refuses that mix as a likely
 * mistake); ACL LOAD reads the file again, ACL SAVE writes every user to it, in ACL LIST's format.
 *
 * <p>Loading is all or nothing: every line is parsed and applied to new users first, and the old
 * ones stay if any line is wrong. Saving writes a temporary file and renames it over the old one,
 * so a crash leaves either the old file or the new, never half of one.
 */
public final class AclFile {

    /** The aclfile, or null when none is configured. */
    private final Path path;

    public AclFile(String aclfile) {
        this.path = aclfile == null || aclfile.isEmpty() ? null : Path.of(aclfile);
    }

    /**
     * ACLLoadUsersAtStartup: the configuration's {@code user} lines or the aclfile become the users.
     * A mistake stops start-up, naming the line and the rule.
     */
    public void loadAtStartup(ServerConfig config, Users users) {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        for (List<String> line : config.fileOnly()) {
            if (!line.getFirst().equalsIgnoreCase("user")) {
                continue;
            }
            String where = "Reading the configuration, at '" + String.join(" ", line) + "'";
            String name = line.get(1);
            if (declared.containsKey(name)) {
                throw new ConfigException(where, "Error in user declaration '" + name + "': "
                        + AclRuleException.DUPLICATE_USER.getMessage());
            }
            List<String> rules = AclCommand.mergeSelectors(line.subList(2, line.size()));
            if (rules == null) {
                throw new ConfigException(where, "Error in user declaration '" + name
                        + "': Unmatched parenthesis in selector definition");
            }
            if (name.equals(Users.DEFAULT_USER)) {
                rules.addFirst("reset"); // the default user exists already: reset, then these rules
            }
            declared.put(name, rules);
        }
        if (!declared.isEmpty() && path != null) {
            throw new ConfigException("Reading the configuration", "Configuring Redis with users defined in redis.conf"
                    + " and at the same setting an ACL file path is invalid. This setup is very likely to lead to"
                    + " configuration errors and security holes, please define either an ACL file or declare users"
                    + " directly in your redis.conf, but not both.");
        }
        if (!declared.isEmpty()) {
            // ACLLoadConfiguredUsers: each user is made (default is reset) with its rules; the users not
            // named, the default user's requirepass among them, stay as they are.
            for (Map.Entry<String, List<String>> user : declared.entrySet()) {
                try {
                    users.setUser(user.getKey(), user.getValue());
                } catch (Users.RuleException e) {
                    throw new ConfigException("Loading the users of the configuration", "Error loading ACL rule '"
                            + e.rule() + "' for the user named '" + user.getKey() + "': " + e.getMessage());
                }
            }
            for (User u : users.all()) {
                if (!u.rules().enabled()) {
                    Log.info("The user '%s' is disabled (there is no 'on' modifier in the user description). Make"
                            + " sure this is not a configuration error.", u.name());
                }
            }
        }
        if (path != null) {
            String errors = load(users);
            if (errors != null) {
                throw new ConfigException("Loading " + path, "Aborting startup because of ACL errors: " + errors);
            }
        }
    }

    /** ACL LOAD. */
    void load(CommandContext<?> ctx) {
        if (path == null) {
            notConfigured(ctx);
            return;
        }
        String errors = load(ctx.server().users());
        if (errors == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(errors);
        }
    }

    /** ACL SAVE. */
    void save(CommandContext<?> ctx) {
        if (path == null) {
            notConfigured(ctx);
            return;
        }
        Users users = ctx.server().users();
        StringBuilder text = new StringBuilder();
        for (User u : users.all()) {
            text.append(users.describe(u)).append('\n');
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + ctx.clock().currentTimeMillis());
        try {
            Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            ctx.reply().ok();
        } catch (IOException e) {
            Log.warn("Writing ACL file for ACL SAVE: %s", e.getMessage());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is left for the operator; the old ACL file is intact
            }
            ctx.reply().error("There was an error trying to save the ACLs. Please check the server logs for more"
                    + " information");
        }
    }

    private static void notConfigured(CommandContext<?> ctx) {
        ctx.reply().error("This Redis instance is not configured to use an ACL file. You may want to specify users"
                + " via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis"
                + " configuration file set) in order to store users in the Redis configuration.");
    }

    /** ACLLoadFromFile: null when the file became the users, else every error found, in Redis's words. */
    private String load(Users users) {
        List<String> lines;
        try {
            lines = Arrays.asList(Files.readString(path, StandardCharsets.ISO_8859_1).split("\n", -1));
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + path + "': " + reason(e);
        }
        StringBuilder errors = new StringBuilder();
        Map<String, List<String>> defined = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>(); // a user whose line failed still counts as defined
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            for (String w : line.split(" ")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            if (words.isEmpty()) {
                continue;
            }
            if (!words.getFirst().equals("user") || words.size() < 2) {
                errors.append(path).append(':').append(lineNumber)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = words.get(1);
            if (!seen.add(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ")
                        .append(lineNumber).append(". ");
                continue;
            }
            List<String> rules = AclCommand.mergeSelectors(words.subList(2, words.size()));
            if (rules == null) {
                errors.append(path).append(':').append(lineNumber)
                        .append(": Unmatched parenthesis in selector definition.");
                continue;
            }
            List<Users.RuleException> problems = users.problems(rules);
            for (Users.RuleException problem : problems) {
                errors.append(path).append(':').append(lineNumber).append(": Error in applying operation '")
                        .append(problem.rule()).append("': ").append(problem.getMessage()).append(". ");
            }
            if (!problems.isEmpty()) {
                continue;
            }
            defined.put(name, rules);
        }
        if (!errors.isEmpty()) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was"
                    + " performed").toString();
        }
        try {
            users.replaceAll(defined);
        } catch (Users.RuleException e) {
            return e.getMessage();
        }
        return null;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "No such file or directory" : e.getMessage();
    }
}
