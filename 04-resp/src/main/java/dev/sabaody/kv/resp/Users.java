package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Who may use the server and what each may do: Redis 7's ACL users (acl.c), shared by every
 * connection and loop. There is always {@code default}, where a connection starts: as shipped it is
 * {@code on nopass ~* &* +@all}, so a connection is authenticated from the start and every
 * permission check is one boolean ({@link User#check}). {@code requirepass} is a shortcut for the
 * default user's password ({@code resetpass >password}, or {@code nopass} when empty).
 *
 * <p>A connection that is not authenticated may run only the commands flagged {@code no_auth}
 * (AUTH, HELLO, QUIT...) and gets {@code -NOAUTH} for the rest; one that is, runs as a {@link User}
 * and gets {@code -NOPERM} for what that user may not do.
 *
 * <p>Passwords are kept as their SHA-256, as Redis keeps them, and compared in constant time. The
 * users are a sorted map (ACL LIST and ACL USERS list them in Redis's rax order: by bytes);
 * changes are rare (ACL SETUSER, CONFIG SET requirepass), so they are serialized on this object,
 * while lookups (AUTH) and checks read without locks.
 */
public final class Users {

    /** acl.c's DefaultUser name. */
    public static final String DEFAULT_USER = "default";

    private final CommandTable<?> table;
    private final ConcurrentSkipListMap<String, User> users = new ConcurrentSkipListMap<>();
    private final User defaultUser;
    private final AclLog log = new AclLog();
    /** acl-pubsub-default: whether a new user starts with every channel (allchannels) or none. */
    private volatile boolean allChannelsByDefault;
    /** protected-mode: with no password for the default user, only local clients may connect. */
    private volatile boolean protectedMode;
    /** The password as configured, for CONFIG GET requirepass (Redis shows it too). */
    private volatile String requirePass = "";

    public Users(CommandTable<?> table) {
        this.table = table;
        this.defaultUser = new User(DEFAULT_USER, defaultRules());
        users.put(DEFAULT_USER, defaultUser);
    }

    /** ACLCreateDefaultUser: {@code +@all ~* &* on nopass}. */
    private User.Rules defaultRules() {
        User.Rules rules = User.Rules.fresh(table.aclIds(), allChannelsByDefault);
        try {
            for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
                rules.apply(op, table, allChannelsByDefault);
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        return rules;
    }

    public CommandTable<?> table() {
        return table;
    }

    public User defaultUser() {
        return defaultUser;
    }

    public AclLog log() {
        return log;
    }

    /** The user of that name, or null. */
    public User get(String name) {
        return users.get(name);
    }

    /** Every user, in name order. */
    public Collection<User> all() {
        return users.values();
    }

    /** Sets acl-pubsub-default: {@code allchannels} or {@code resetchannels}. */
    public void setAllChannelsByDefault(boolean value) {
        allChannelsByDefault = value;
    }

    /** Sets the default user's password ("" for none), as CONFIG SET requirepass does. */
    public synchronized void setRequirePass(String password) {
        User.Rules next = defaultUser.rules().copy();
        try {
            next.apply("resetpass", table, allChannelsByDefault);
            next.apply(password.isEmpty() ? "nopass" : ">" + password, table, allChannelsByDefault);
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        defaultUser.publish(next);
        requirePass = password;
    }

    public String requirePass() {
        return requirePass;
    }

    /** Whether a new connection must authenticate first (authRequired in server.c). */
    public boolean authRequired() {
        User.Rules rules = defaultUser.rules();
        return !rules.nopass() || !rules.enabled();
    }

    public void setProtectedMode(boolean value) {
        protectedMode = value;
    }

    /**
     * The refusal a new connection from {@code remote} gets, or null (clientAcceptHandler): in
     * protected mode, while the default user needs no password, a client that is neither on the
     * loopback interface nor on a unix socket is told why and disconnected.
     */
    public String refusal(java.net.SocketAddress remote) {
        if (!protectedMode || !defaultUser.rules().nopass()) {
            return null;
        }
        if (!(remote instanceof java.net.InetSocketAddress inet) || inet.getAddress() == null
                || inet.getAddress().isLoopbackAddress()) {
            return null; // loopback, or a unix socket
        }
        return PROTECTED_MODE_DENIED;
    }

    /** networking.c's text, word for word (its "Setup a an" included: clients match on it). */
    static final String PROTECTED_MODE_DENIED = "-DENIED Redis is running in protected mode because protected mode is"
            + " enabled and no password is set for the default user. In this mode connections are only accepted from"
            + " the loopback interface. If you want to connect from external computers to Redis you may adopt one of"
            + " the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode"
            + " no' from the loopback interface by connecting to Redis from the same host the server is running,"
            + " however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to"
            + " make this change permanent. 2) Alternatively you can just disable the protected mode by editing the"
            + " Redis configuration file, and setting the protected mode option to 'no', and then restarting the"
            + " server. 3) If you started the server manually just for testing, restart it with the '--protected-mode"
            + " no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one"
            + " of the above things in order for the server to start accepting connections from the outside.\r\n";

    /** ACLCheckUserCredentials: the user when it exists, is on, and takes this password; else null. */
    public User authenticate(byte[] name, byte[] password) {
        User user = users.get(new String(name, StandardCharsets.ISO_8859_1));
        if (user == null) {
            return null;
        }
        User.Rules rules = user.rules();
        return rules.enabled() && rules.accepts(password) ? user : null;
    }

    /**
     * ACL SETUSER: applies every rule to a copy of the user (or a new one) and publishes it only
     * when all applied; the first that does not throws, naming itself, and nothing changes.
     */
    public synchronized void setUser(String name, List<String> ops) throws RuleException {
        User existing = users.get(name);
        User.Rules next = existing == null ? User.Rules.fresh(table.aclIds(), allChannelsByDefault)
                : existing.rules().copy();
        for (String op : ops) {
            try {
                next.apply(op, table, allChannelsByDefault);
            } catch (AclRuleException e) {
                throw new RuleException(op, e.getMessage());
            }
        }
        if (existing == null) {
            users.put(name, new User(name, next));
        } else {
            existing.publish(next);
        }
    }

    /** What is wrong with these rules for a new user: each failing rule with its reason, in order. */
    public List<RuleException> problems(List<String> ops) {
        User.Rules scratch = User.Rules.fresh(table.aclIds(), allChannelsByDefault);
        List<RuleException> problems = new ArrayList<>();
        for (String op : ops) {
            try {
                scratch.apply(op, table, allChannelsByDefault);
            } catch (AclRuleException e) {
                problems.add(new RuleException(op, e.getMessage()));
            }
        }
        return problems;
    }

    /** ACL DELUSER: removes the users that exist (never default); their connections close. Returns how many. */
    public synchronized int delete(List<String> names) {
        int deleted = 0;
        for (String name : names) {
            User user = name.equals(DEFAULT_USER) ? null : users.remove(name);
            if (user != null) {
                user.markRemoved();
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * ACL LOAD and the configuration's {@code user} lines: replaces every user with these, each a
     * name and its rules. All are built first; any error leaves the users as they were. A missing
     * {@code default} is created as shipped; the default user keeps its identity (connections hold
     * it) and takes the new rules; the others are new users, and the old ones' connections close.
     */
    public synchronized void replaceAll(Map<String, List<String>> definitions) throws RuleException {
        Map<String, User.Rules> built = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<String>> def : definitions.entrySet()) {
            User.Rules rules = User.Rules.fresh(table.aclIds(), allChannelsByDefault);
            for (String op : def.getValue()) {
                try {
                    rules.apply(op, table, allChannelsByDefault);
                } catch (AclRuleException e) {
                    throw new RuleException(op, e.getMessage());
                }
            }
            built.put(def.getKey(), rules);
        }
        List<User> old = new ArrayList<>(users.values());
        users.clear();
        for (Map.Entry<String, User.Rules> e : built.entrySet()) {
            if (!e.getKey().equals(DEFAULT_USER)) {
                users.put(e.getKey(), new User(e.getKey(), e.getValue()));
            }
        }
        defaultUser.publish(built.containsKey(DEFAULT_USER) ? built.get(DEFAULT_USER) : defaultRules());
        users.put(DEFAULT_USER, defaultUser);
        for (User u : old) {
            if (u != defaultUser) {
                u.markRemoved();
            }
        }
    }

    /** What ACL LIST shows of a user: {@code user alice on #... ~k* resetchannels -@all +get}. */
    public String describe(User user) {
        return "user " + user.name() + " " + user.rules().describe(table);
    }

    /** A rule that did not apply: the rule as written, and Redis's reason. */
    public static final class RuleException extends Exception {
        private final String rule;

        public RuleException(String rule, String reason) {
            super(reason, null, false, false);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }
}
