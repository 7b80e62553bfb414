package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An ACL user (acl.c's struct user): a name, whether it is on, its passwords, and its selectors.
 * Every connection runs as one; {@code default} is where connections start.
 *
 * <h2>Changed by copy, read without locks</h2>
 * The rules live in one immutable {@link Rules} value. ACL SETUSER copies it, applies every rule
 * to the copy, and publishes the copy only when all of them applied (Redis's "all or nothing"
 * through a temporary user), with one volatile write. A loop checking a command reads that field
 * once; a user with every permission (the default user, as shipped) is answered by one boolean.
 */
public final class User {

    /** acl.c ACLUserFlags, in the order descriptions show them. */
    private static final int ENABLED = 1;
    private static final int DISABLED = 2;
    private static final int NOPASS = 4;
    private static final int SKIP_SANITIZE = 8;
    private static final int SANITIZE = 16;
    private static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};

    private final String name;
    private volatile Rules rules;
    /** Set when ACL DELUSER or ACL LOAD removed the user: its connections are closed. */
    private volatile boolean removed;

    User(String name, Rules rules) {
        this.name = name;
        this.rules = rules.published();
    }

    public String name() {
        return name;
    }

    public Rules rules() {
        return rules;
    }

    void publish(Rules next) {
        rules = next.published();
    }

    void markRemoved() {
        removed = true;
    }

    /** Whether the user no longer exists: a connection running as it is closed. */
    public boolean removed() {
        return removed;
    }

    /**
     * ACLCheckAllUserCommandPerm: {@link Selector#OK} when some selector allows the whole command,
     * else the most specific denial (a key or channel over the command), the offending argument's
     * index in {@code position[0]}.
     */
    public int check(CommandSpec<?> spec, Argv argv, int[] position) {
        Rules r = rules;
        return r.unrestricted ? Selector.OK : r.check(spec, argv, position);
    }

    /** A user's flags, passwords and selectors: immutable once published. */
    public static final class Rules {
        private int flags;
        private final List<String> passwords = new ArrayList<>();
        private final List<Selector> selectors = new ArrayList<>();
        /** The root selector lets everything through and there is no other: the check is skipped. */
        private boolean unrestricted;

        /** A new user's rules: off, no password, no permissions (ACLCreateUser). */
        static Rules fresh(int commandIds, boolean allChannels) {
            Rules r = new Rules();
            r.flags = DISABLED;
            r.selectors.add(new Selector(true, commandIds, allChannels));
            return r;
        }

        Rules copy() {
            Rules c = new Rules();
            c.flags = flags;
            c.passwords.addAll(passwords);
            for (Selector s : selectors) {
                c.selectors.add(s.copy());
            }
            return c;
        }

        private Rules published() {
            unrestricted = selectors.size() == 1 && selectors.getFirst().unrestricted();
            return this;
        }

        public boolean enabled() {
            return (flags & ENABLED) != 0;
        }

        /** Whether any password works: AUTH with one argument is refused then, as a misconfiguration. */
        public boolean nopass() {
            return (flags & NOPASS) != 0;
        }

        /** ACLCheckUserCredentials' password part, each hash compared in constant time. */
        boolean accepts(byte[] password) {
            if (nopass()) {
                return true;
            }
            byte[] hash = hashHex(password).getBytes(StandardCharsets.US_ASCII);
            boolean ok = false;
            for (String p : passwords) {
                ok |= MessageDigest.isEqual(hash, p.getBytes(StandardCharsets.US_ASCII));
            }
            return ok;
        }

        int check(CommandSpec<?> spec, Argv argv, int[] position) {
            int relevant = Selector.DENIED_CMD;
            int lastIndex = 0;
            int[] local = {0};
            for (Selector s : selectors) {
                local[0] = 0;
                int result = s.check(spec, argv, local);
                if (result == Selector.OK) {
                    return Selector.OK;
                }
                if (result > relevant || (result == relevant && local[0] > lastIndex)) {
                    relevant = result;
                    lastIndex = local[0];
                }
            }
            position[0] = lastIndex;
            return relevant;
        }

        /** Whether a channel (or, for PSUBSCRIBE, a pattern) may be used: ACLUserCheckChannelPerm. */
        public boolean channelAllowed(byte[] channel, boolean isPattern) {
            for (Selector s : selectors) {
                if (s.channelAllowed(channel, isPattern)) {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------ rules (ACLSetUser)

        void apply(String op, CommandTable<?> table, boolean allChannelsByDefault) throws AclRuleException {
            if (op.isEmpty()) {
                return;
            }
            String lower = op.toLowerCase(java.util.Locale.ROOT);
            switch (lower) {
                case "on" -> flags = (flags | ENABLED) & ~DISABLED;
                case "off" -> flags = (flags | DISABLED) & ~ENABLED;
                case "skip-sanitize-payload" -> flags = (flags | SKIP_SANITIZE) & ~SANITIZE;
                case "sanitize-payload" -> flags = (flags | SANITIZE) & ~SKIP_SANITIZE;
                case "nopass" -> {
                    flags |= NOPASS;
                    passwords.clear();
                }
                case "resetpass" -> {
                    flags &= ~NOPASS;
                    passwords.clear();
                }
                case "clearselectors" -> selectors.subList(1, selectors.size()).clear();
                case "reset" -> {
                    apply("resetpass", table, allChannelsByDefault);
                    apply("resetkeys", table, allChannelsByDefault);
                    apply("resetchannels", table, allChannelsByDefault);
                    if (allChannelsByDefault) {
                        apply("allchannels", table, allChannelsByDefault);
                    }
                    apply("off", table, allChannelsByDefault);
                    apply("sanitize-payload", table, allChannelsByDefault);
                    apply("clearselectors", table, allChannelsByDefault);
                    apply("-@all", table, allChannelsByDefault);
                }
                default -> applyOther(op, table, allChannelsByDefault);
            }
        }

        private void applyOther(String op, CommandTable<?> table, boolean allChannelsByDefault)
                throws AclRuleException {
            char c0 = op.charAt(0);
            if (c0 == '>' || c0 == '#') {
                String hash = c0 == '>' ? hashHex(op.substring(1).getBytes(StandardCharsets.ISO_8859_1))
                        : checkedHash(op.substring(1));
                if (!passwords.contains(hash)) {
                    passwords.add(hash);
                }
                flags &= ~NOPASS;
            } else if (c0 == '<' || c0 == '!') {
                String hash = c0 == '<' ? hashHex(op.substring(1).getBytes(StandardCharsets.ISO_8859_1))
                        : checkedHash(op.substring(1));
                if (!passwords.remove(hash)) {
                    throw AclRuleException.NO_SUCH_PASSWORD;
                }
            } else if (c0 == '(' && op.endsWith(")")) {
                Selector s = new Selector(false, table.aclIds(), allChannelsByDefault);
                List<String> inner = Words.split(op.substring(1, op.length() - 1)); // sdssplitargs, as acl.c
                if (inner == null) {
                    throw AclRuleException.SYNTAX;
                }
                for (String rule : inner) {
                    s.apply(rule, table);
                }
                selectors.add(s);
            } else {
                selectors.getFirst().apply(op, table);
            }
        }

        private static String checkedHash(String hash) throws AclRuleException {
            if (hash.length() != 64) {
                throw AclRuleException.BAD_HASH;
            }
            for (int i = 0; i < hash.length(); i++) {
                char c = hash.charAt(i);
                if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
                    throw AclRuleException.BAD_HASH;
                }
            }
            return hash;
        }

        // ------------------------------------------------------------ description

        /** ACLDescribeUser: flags, {@code #hash}es, then each selector; what ACL LIST and ACL SAVE write. */
        String describe(CommandTable<?> table) {
            StringBuilder out = new StringBuilder();
            for (String f : flagNames()) {
                out.append(f).append(' ');
            }
            for (String p : passwords) {
                out.append('#').append(p).append(' ');
            }
            for (Selector s : selectors) {
                if (s.isRoot()) {
                    out.append(SelectorDescription.describe(s, table));
                } else {
                    out.append(" (").append(SelectorDescription.describe(s, table)).append(')');
                }
            }
            return out.toString();
        }

        List<String> flagNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < FLAG_NAMES.length; i++) {
                if ((flags & (1 << i)) != 0) {
                    names.add(FLAG_NAMES[i]);
                }
            }
            return names;
        }

        List<String> passwords() {
            return passwords;
        }

        List<Selector> selectors() {
            return selectors;
        }
    }

    /** What ACL GETUSER shows of a user: its flags, password hashes, and each selector described. */
    public record Details(List<String> flags, List<String> passwords, SelectorDetails root,
                          List<SelectorDetails> selectors) {
    }

    /** One selector as ACL GETUSER shows it: command rules, key patterns, channel patterns. */
    public record SelectorDetails(String commands, String keys, String channels) {
    }

    /** This user's {@link Details}, the command rules described against {@code table}. */
    public Details details(CommandTable<?> table) {
        Rules r = rules;
        List<SelectorDetails> described = new ArrayList<>();
        for (Selector s : r.selectors) {
            described.add(new SelectorDetails(SelectorDescription.commands(s, table),
                    SelectorDescription.keys(s), SelectorDescription.channels(s)));
        }
        return new Details(r.flagNames(), List.copyOf(r.passwords), described.getFirst(),
                described.subList(1, described.size()));
    }

    /** ACLHashPassword: the SHA-256 of the password, in lower-case hex. */
    static String hashHex(byte[] password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
