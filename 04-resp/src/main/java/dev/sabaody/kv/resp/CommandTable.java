package dev.sabaody.kv.resp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The command table: from a command name, in whatever case the client typed it, to its
 * {@link CommandSpec}. Redis keeps the same table in {@code server.commands} (built from
 * src/commands/*.json by utils/generate-command-code.py) and looks names up in
 * {@code lookupCommand}.
 *
 * <p>The lookup runs for every request, so it reads the name where it lies in the input buffer:
 * an open-addressing table hashed on the lower-cased bytes, compared without building a String.
 * A {@code HashMap<String, ...>} would allocate a String per request to ask.
 *
 * <p>Built once at start-up, then only read: safe to share between loops.
 */
public final class CommandTable<D> {

    private final List<CommandSpec<D>> all = new ArrayList<>();
    /** The name each command is called by, beside {@link #all}: its own, another (rename-command), or null (disabled). */
    private final List<String> callNames = new ArrayList<>();
    /** ACL ids given so far: commands and subcommands, in registration order (acl.c's nextid). */
    private int aclIds;
    @SuppressWarnings({"unchecked", "rawtypes"})
    private CommandSpec<D>[] slots = new CommandSpec[64];
    /** The call name of the command in the same slot. */
    private String[] slotNames = new String[64];

    /** Told of every command after it runs; null while nobody listens (see {@link CommandFeed}). */
    private volatile CommandFeed feed;
    /** The append-only file, told of every command that runs; null when none (module 04, appendonly no). */
    private volatile CommandLog log;

    public CommandLog log() {
        return log;
    }

    /** Installs (or with null removes) the log every command is reported to. */
    public void log(CommandLog value) {
        log = value;
    }

    public CommandFeed feed() {
        return feed;
    }

    /** Installs the observer of every command run from now on (null: none). */
    public void setFeed(CommandFeed value) {
        feed = value;
    }

    public CommandTable<D> add(CommandSpec.Builder<D> builder) {
        return add(builder.build());
    }

    public CommandTable<D> add(CommandSpec<D> spec) {
        if (byName(spec.name()) != null) {
            throw new IllegalArgumentException("command registered twice: " + spec.name());
        }
        all.add(spec);
        callNames.add(spec.name());
        spec.assignAclId(aclIds++);
        for (CommandSpec<D> sub : spec.subcommands()) {
            sub.assignAclId(aclIds++);
        }
        if (all.size() * 2 > slots.length) {
            rehash(slots.length * 2);
        } else {
            insert(slots, slotNames, spec, spec.name());
        }
        return this;
    }

    /**
     * rename-command: the command is called {@code to} from now on, and no longer by its own name;
     * an empty {@code to} disables it. Its replies, errors and ACL rules keep its own name, as in
     * Redis, where ACLs are written against the original table (server.orig_commands). Returns false
     * when no command is called {@code from}.
     */
    public boolean rename(String from, String to) {
        String lowerFrom = from.toLowerCase(Locale.ROOT);
        int index = callNames.indexOf(lowerFrom);
        if (index < 0) {
            return false;
        }
        callNames.set(index, to.isEmpty() ? null : to.toLowerCase(Locale.ROOT));
        rehash(slots.length);
        return true;
    }

    /**
     * What Redis's {@code lookupCommand} finds for a request: the command named by argument 0; for a
     * container command called with a subcommand, that subcommand, or null when it has none of that
     * name (then {@link #isContainer} tells the "unknown subcommand" error from "unknown command").
     */
    public CommandSpec<D> lookup(Argv argv) {
        CommandSpec<D> base = find(argv);
        if (base == null || base.subcommands().isEmpty() || argv.argc() == 1) {
            return base;
        }
        return base.subcommand(argv, 1);
    }

    /** Whether argument 0 names a command that has subcommands. */
    public boolean isContainer(Argv argv) {
        CommandSpec<D> base = find(argv);
        return base != null && !base.subcommands().isEmpty();
    }

    /** By name, any case; "client|setname" names a subcommand (COMMAND INFO accepts that form). */
    public CommandSpec<D> byName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        String baseName = bar < 0 ? lower : lower.substring(0, bar);
        CommandSpec<D> base = null;
        for (CommandSpec<D> spec : all) {
            if (spec.name().equals(baseName)) {
                base = spec;
                break;
            }
        }
        if (base == null || bar < 0) {
            return base;
        }
        return base.subcommand(lower.substring(bar + 1));
    }

    /** Top-level commands in registration order. */
    public List<CommandSpec<D>> all() {
        return Collections.unmodifiableList(all);
    }

    public int size() {
        return all.size();
    }

    /** How many ACL ids the table has given: the size of an ACL user's command set. */
    public int aclIds() {
        return aclIds;
    }

    /** Every command, each container followed by its subcommands: the walk ACL categories make. */
    public List<CommandSpec<D>> withSubcommands() {
        List<CommandSpec<D>> out = new ArrayList<>(aclIds);
        for (CommandSpec<D> spec : all) {
            out.add(spec);
            out.addAll(spec.subcommands());
        }
        return out;
    }

    private CommandSpec<D> find(Argv argv) {
        int mask = slots.length - 1;
        for (int i = hash(argv) & mask; ; i = (i + 1) & mask) {
            CommandSpec<D> spec = slots[i];
            if (spec == null || argv.equalsIgnoreCase(0, slotNames[i])) {
                return spec;
            }
        }
    }

    private void rehash(int capacity) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        CommandSpec<D>[] bigger = new CommandSpec[capacity];
        String[] biggerNames = new String[capacity];
        for (int j = 0; j < all.size(); j++) {
            if (callNames.get(j) != null) {
                insert(bigger, biggerNames, all.get(j), callNames.get(j));
            }
        }
        slots = bigger;
        slotNames = biggerNames;
    }

    private static <D> void insert(CommandSpec<D>[] table, String[] names, CommandSpec<D> spec, String name) {
        int mask = table.length - 1;
        int i = hash(name) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = spec;
        names[i] = name;
    }

    /** FNV-1a over lower-cased bytes: the same value for "GET", "get" and "GeT". */
    private static int hash(Argv argv) {
        int h = 0x811c9dc5;
        int length = argv.length(0);
        for (int j = 0; j < length; j++) {
            h = (h ^ Argv.toLower(argv.byteAt(0, j))) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int hash(String lowerName) {
        int h = 0x811c9dc5;
        for (int j = 0; j < lowerName.length(); j++) {
            h = (h ^ (byte) lowerName.charAt(j)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
