package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One set of ACL permissions (acl.c's aclSelector): which commands, which keys, which Pub/Sub
 * channels. A user has a root selector (the rules written outside parentheses) and any number of
 * further selectors ({@code (+get ~cache:*)}); a command is allowed when one selector allows all
 * of it: the command, every key it names and every channel.
 *
 * <h2>Commands are a bit set indexed by the command table's ACL ids</h2>
 * {@code +@read} sets the bit of every command (and subcommand) of the category, {@code -get} clears
 * one; the check for a request is one bit test. {@code +@all} also sets a bit no command owns:
 * the mark that the rules started from everything (so a command added later would be allowed),
 * which decides whether a description starts with {@code +@all} or {@code -@all}.
 *
 * <p>A selector is changed only while it is private to ACL SETUSER (a copy of the user's); once
 * published, it is only read, by every loop, without locks.
 */
public final class Selector {

    /** Key pattern permissions (acl.c ACL_READ_PERMISSION, ACL_WRITE_PERMISSION). */
    static final int READ = 1;
    static final int WRITE = 2;
    static final int ALL = READ | WRITE;

    /** Check results (acl.c ACL_OK, ACL_DENIED_CMD, ACL_DENIED_KEY, ACL_DENIED_CHANNEL): greater is more specific. */
    public static final int OK = 0;
    public static final int DENIED_CMD = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_CHANNEL = 3;

    /** A key pattern and what it lets a command do with matching keys ({@code ~}, {@code %R~}, {@code %W~}). */
    record KeyPattern(String pattern, byte[] bytes, int flags) {
        KeyPattern with(int more) {
            return new KeyPattern(pattern, bytes, flags | more);
        }

        String describe() {
            String prefix = flags == ALL ? "~" : flags == READ ? "%R~" : "%W~";
            return prefix + pattern;
        }
    }

    private final boolean root;
    boolean allKeys;
    boolean allChannels;
    /** SELECTOR_FLAG_ALLCOMMANDS: every bit set, so the bit test can be skipped; cleared by any removal. */
    private boolean allCommands;
    /** The reserved bit of +@all: the rules began from every command, those to come included. */
    boolean futureCommands;
    long[] commands;
    /** First arguments allowed for a command whose bit is clear ({@code +select|0}), by ACL id. */
    Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<String> channels = new ArrayList<>();

    Selector(boolean root, int commandIds, boolean allChannelsByDefault) {
        this.root = root;
        this.commands = new long[(commandIds + 63) / 64];
        this.allChannels = allChannelsByDefault;
    }

    Selector copy() {
        Selector c = new Selector(root, 0, allChannels);
        c.allKeys = allKeys;
        c.allCommands = allCommands;
        c.futureCommands = futureCommands;
        c.commands = commands.clone();
        if (firstArgs != null) {
            c.firstArgs = new HashMap<>();
            firstArgs.forEach((id, args) -> c.firstArgs.put(id, new ArrayList<>(args)));
        }
        c.patterns.addAll(patterns);
        c.channels.addAll(channels);
        return c;
    }

    boolean isRoot() {
        return root;
    }

    /** Whether this selector lets anything through: the default user's, checked first and for free. */
    boolean unrestricted() {
        return allCommands && allKeys && allChannels;
    }

    // ---------------------------------------------------------------- rules (ACLSetSelector)

    /** Applies one rule; throws with Redis's message when the rule is not understood. */
    void apply(String op, CommandTable<?> table) throws AclRuleException {
        String lower = op.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "allkeys", "~*" -> {
                allKeys = true;
                patterns.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                patterns.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channels.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channels.clear();
            }
            case "allcommands", "+@all" -> {
                Arrays.fill(commands, -1L);
                allCommands = true;
                futureCommands = true;
                firstArgs = null;
            }
            case "nocommands", "-@all" -> {
                Arrays.fill(commands, 0L);
                allCommands = false;
                futureCommands = false;
                firstArgs = null;
            }
            default -> applyPattern(op, table);
        }
    }

    private void applyPattern(String op, CommandTable<?> table) throws AclRuleException {
        char c0 = op.charAt(0);
        char c1 = op.length() > 1 ? op.charAt(1) : '\0';
        if (c0 == '~' || c0 == '%') {
            if (allKeys) {
                throw AclRuleException.KEYS_AFTER_ALL;
            }
            int flags = 0;
            int offset = 1;
            if (c0 == '%') {
                for (; offset < op.length(); offset++) {
                    char ch = Character.toUpperCase(op.charAt(offset));
                    if (ch == 'R' && (flags & READ) == 0) {
                        flags |= READ;
                    } else if (ch == 'W' && (flags & WRITE) == 0) {
                        flags |= WRITE;
                    } else if (op.charAt(offset) == '~') {
                        offset++;
                        break;
                    } else {
                        throw AclRuleException.SYNTAX;
                    }
                }
            } else {
                flags = ALL;
            }
            String pattern = op.substring(offset);
            if (hasSpaces(pattern)) {
                throw AclRuleException.SYNTAX;
            }
            addKeyPattern(pattern, flags);
        } else if (c0 == '&') {
            if (allChannels) {
                throw AclRuleException.CHANNELS_AFTER_ALL;
            }
            String pattern = op.substring(1);
            if (hasSpaces(pattern)) {
                throw AclRuleException.SYNTAX;
            }
            if (!channels.contains(pattern)) {
                channels.add(pattern);
            }
        } else if ((c0 == '+' || c0 == '-') && c1 == '@') {
            AclCategory category = category(op.substring(2));
            if (category == null) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            for (CommandSpec<?> spec : table.withSubcommands()) {
                if (spec.categories().contains(category)) {
                    change(spec, c0 == '+');
                }
            }
        } else if (c0 == '+') {
            allowCommand(op.substring(1), table);
        } else if (c0 == '-') {
            CommandSpec<?> spec = table.byName(op.substring(1));
            if (spec == null) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            change(spec, false);
        } else {
            throw AclRuleException.SYNTAX;
        }
    }

    private void addKeyPattern(String pattern, int flags) {
        allKeys = false;
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).pattern().equals(pattern)) {
                patterns.set(i, patterns.get(i).with(flags)); // the same pattern again adds its permissions
                return;
            }
        }
        patterns.add(new KeyPattern(pattern, pattern.getBytes(StandardCharsets.ISO_8859_1), flags));
    }

    /** {@code +get}, {@code +config|get} (a subcommand), {@code +select|0} (a first argument). */
    private void allowCommand(String name, CommandTable<?> table) throws AclRuleException {
        int bar = name.lastIndexOf('|');
        if (bar < 0) {
            CommandSpec<?> spec = table.byName(name);
            if (spec == null) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            change(spec, true);
            return;
        }
        String parentName = name.substring(0, bar);
        String sub = name.substring(bar + 1);
        CommandSpec<?> parent = table.byName(parentName);
        if (parent == null) {
            throw AclRuleException.UNKNOWN_COMMAND;
        }
        if (parentName.indexOf('|') >= 0) {
            throw AclRuleException.FIRST_ARG_OF_SUBCOMMAND; // "config|get|x": a first argument of a subcommand
        }
        if (sub.isEmpty()) {
            throw AclRuleException.SYNTAX;
        }
        if (!parent.subcommands().isEmpty()) {
            CommandSpec<?> spec = table.byName(name);
            if (spec == null) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            change(spec, true);
        } else {
            // Allowing SELECT 0 only: a first argument, which Redis 7.0 still accepts with a warning.
            if (firstArgs == null) {
                firstArgs = new HashMap<>();
            }
            List<String> args = firstArgs.computeIfAbsent(parent.aclId(), id -> new ArrayList<>());
            for (String existing : args) {
                if (existing.equalsIgnoreCase(sub)) {
                    return;
                }
            }
            args.add(sub);
        }
    }

    /** ACLChangeSelectorPerm: a container's bit and all its subcommands' together. */
    void change(CommandSpec<?> spec, boolean allow) {
        setBit(spec.aclId(), allow);
        if (firstArgs != null) {
            firstArgs.remove(spec.aclId());
        }
        for (CommandSpec<?> sub : spec.subcommands()) {
            setBit(sub.aclId(), allow);
        }
    }

    private void setBit(int id, boolean value) {
        if (id >>> 6 >= commands.length) {
            return; // a command registered after the users were made: no bit (Redis's bitmap overflow)
        }
        if (value) {
            commands[id >>> 6] |= 1L << id;
        } else {
            commands[id >>> 6] &= ~(1L << id);
            allCommands = false;
        }
    }

    boolean bit(int id) {
        return id >>> 6 < commands.length && (commands[id >>> 6] & (1L << id)) != 0;
    }

    static AclCategory category(String name) {
        for (AclCategory c : AclCategory.values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** ACLStringHasSpaces: a space or NUL, which user names and patterns may not hold. */
    public static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == ' ' || (c >= '\t' && c <= '\r')) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the check (ACLSelectorCheckCmd)

    /**
     * Whether this selector allows {@code spec} with these arguments: {@link #OK}, or the denial,
     * with the index of the offending argument written to {@code position[0]}.
     */
    int check(CommandSpec<?> spec, Argv argv, int[] position) {
        if (!allCommands && !spec.has(CommandFlag.NO_AUTH) && !bit(spec.aclId())) {
            if (!firstArgAllowed(spec, argv)) {
                return DENIED_CMD;
            }
        }
        if (!allKeys) {
            int[] denied = {0};
            boolean all = spec.forEachKey(argv, (pos, flags) -> {
                if (keyAllowed(argv, pos, flags)) {
                    return true;
                }
                denied[0] = pos;
                return false;
            });
            if (!all) {
                position[0] = denied[0];
                return DENIED_KEY;
            }
        }
        if (!allChannels && spec.channels() != null) {
            int pos = deniedChannel(spec.channels(), argv);
            if (pos > 0) {
                position[0] = pos;
                return DENIED_CHANNEL;
            }
        }
        return OK;
    }

    private boolean firstArgAllowed(CommandSpec<?> spec, Argv argv) {
        if (firstArgs == null || argv.argc() < 2) {
            return false;
        }
        List<String> allowed = firstArgs.get(spec.aclId());
        if (allowed == null) {
            return false;
        }
        int idx = spec.fullName().indexOf('|') >= 0 ? 2 : 1;
        if (idx >= argv.argc()) {
            return false;
        }
        for (String arg : allowed) {
            if (argv.equalsIgnoreCase(idx, arg)) {
                return true;
            }
        }
        return false;
    }

    private boolean keyAllowed(Argv argv, int pos, java.util.Set<KeySpec.Flag> specFlags) {
        int need = 0;
        if (specFlags.contains(KeySpec.Flag.ACCESS)) {
            need |= READ;
        }
        if (specFlags.contains(KeySpec.Flag.INSERT) || specFlags.contains(KeySpec.Flag.DELETE)
                || specFlags.contains(KeySpec.Flag.UPDATE)) {
            need |= WRITE;
        }
        byte[] key = null;
        for (KeyPattern p : patterns) {
            if ((p.flags() & need) != need) {
                continue;
            }
            if (key == null) {
                key = argv.copy(pos);
            }
            if (Glob.matches(p.bytes(), key, false)) {
                return true;
            }
        }
        return false;
    }

    /** The first channel argument no pattern allows, or 0 (ACLCheckChannelAgainstList). */
    private int deniedChannel(ChannelArgs kind, Argv argv) {
        for (int i = kind.first(); i < argv.argc(); i++) {
            if (!channelAllowed(argv.copy(i), kind.patterns())) {
                return i;
            }
            if (kind.single()) {
                break;
            }
        }
        return 0;
    }

    /** A channel name is matched against the patterns; a PSUBSCRIBE pattern only literally. */
    boolean channelAllowed(byte[] channel, boolean isPattern) {
        if (allChannels) {
            return true;
        }
        for (String p : channels) {
            byte[] pattern = p.getBytes(StandardCharsets.ISO_8859_1);
            if (isPattern ? Arrays.equals(pattern, channel) : Glob.matches(pattern, channel, false)) {
                return true;
            }
        }
        return false;
    }
}
