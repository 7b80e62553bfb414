package dev.sabaody.kv.resp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the server knows about a command before running it: one row of the command table.
 *
 * <ul>
 *   <li><b>name</b>, lower case; a subcommand's full name is {@code parent|sub} ("client|setname"),
 *       the name its errors and COMMAND INFO use.
 *   <li><b>arity</b>, Redis's convention, counting the command name: {@code 2} means exactly two
 *       arguments (GET key), {@code -3} at least three (SET key value [options]).
 *   <li><b>flags</b> ({@link CommandFlag}) and <b>ACL categories</b> ({@link AclCategory}).
 *   <li><b>key specs</b> ({@link KeySpec}) and the legacy (first, last, step) triple derived from
 *       them, as Redis's {@code populateCommandLegacyRangeSpec} derives it: what COMMAND INFO reports
 *       and what final-server routes by.
 *   <li><b>tips</b> for cluster clients ("request_policy:all_shards") and the <b>docs</b>.
 *   <li><b>subcommands</b>, for container commands such as CLIENT and COMMAND, which then have no
 *       implementation of their own.
 * </ul>
 *
 * Each command class builds its spec beside its code ({@code Get.spec(implementation)}), so adding a
 * command touches one new file and one registration line of its family ({@link Commands}, or a
 * family's {@code register} in module 05). A later module that runs a command its own way passes its
 * implementation to the same spec; it never writes the name, arity, flags and key specs again.
 */
public final class CommandSpec<D> {

    private final String name;
    private final String fullName;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final Set<AclCategory> categories;
    private final List<String> tips;
    private final List<KeySpec> keySpecs;
    private final CommandDoc doc;
    private final ChannelArgs channels;
    private final Command<? super D> implementation;
    private final List<CommandSpec<D>> subcommands;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    /** The command's bit in an ACL user's command set (acl.c ACLGetCommandID), given by {@link CommandTable}. */
    private int aclId = -1;
    /** Whether a RESP2 client subscribed to channels may run it (see {@link #allowedWhileSubscribed}). */
    private final boolean allowedWhileSubscribed;
    /** Redis's CMD_PROTECTED: who may run it at all, by configuration (null: anyone). */
    private final Protection protection;
    /** Redis's getkeys_proc, for keys whose flags depend on the arguments (null: the specs say them). */
    private final KeysProcedure keysProcedure;
    /** How a command log records this command ({@link LoggedForm#AS_SENT} unless said). */
    private final LoggedForm loggedForm;

    private CommandSpec(Builder<D> b, String parent) {
        this.allowedWhileSubscribed = b.allowedWhileSubscribed;
        this.protection = b.protection;
        this.keysProcedure = b.keysProcedure;
        this.loggedForm = b.loggedForm;
        this.name = b.name;
        this.fullName = parent == null ? b.name : parent + "|" + b.name;
        this.arity = b.arity;
        this.categories = Collections.unmodifiableSet(b.categories);
        this.tips = List.copyOf(b.tips);
        this.keySpecs = List.copyOf(b.keySpecs);
        this.doc = b.doc;
        this.channels = b.channels;
        this.implementation = b.implementation;
        List<CommandSpec<D>> subs = new ArrayList<>();
        for (Builder<D> sub : b.subcommands) {
            subs.add(new CommandSpec<>(sub, fullName));
        }
        this.subcommands = List.copyOf(subs);
        // The legacy (first, last, step) triple, as Redis's populateCommandLegacyRangeSpec derives it:
        // one "index + range" spec maps onto it directly; several consecutive step-1 range specs
        // (PFMERGE's destkey then sourcekeys) merge into one range; anything that cannot be said
        // with a triple (keyword searches, key counts, gaps, steps) makes the command "movablekeys".
        EnumSet<CommandFlag> allFlags = b.flags.clone();
        int first = Integer.MAX_VALUE;
        int last = 0;
        int step = 1;
        if (keySpecs.size() == 1 && keySpecs.getFirst().begin() instanceof KeySpec.Index index
                && keySpecs.getFirst().find() instanceof KeySpec.Range range) {
            first = index.pos();
            last = range.lastKey() >= 0 ? range.lastKey() + index.pos() : range.lastKey();
            step = range.keyStep();
            if (keySpecs.getFirst().flags().contains(KeySpec.Flag.INCOMPLETE)) {
                allFlags.add(CommandFlag.MOVABLEKEYS);
            }
        } else {
            int prevLast = 0;
            for (KeySpec ks : keySpecs) {
                if (!(ks.begin() instanceof KeySpec.Index index) || !(ks.find() instanceof KeySpec.Range range)) {
                    allFlags.add(CommandFlag.MOVABLEKEYS);
                    continue;
                }
                if (range.keyStep() != 1 || (prevLast != 0 && prevLast != index.pos() - 1)) {
                    allFlags.add(CommandFlag.MOVABLEKEYS);
                    continue;
                }
                if (ks.flags().contains(KeySpec.Flag.INCOMPLETE)) {
                    allFlags.add(CommandFlag.MOVABLEKEYS);
                }
                first = Math.min(first, index.pos());
                int lastAbs = range.lastKey() >= 0 ? range.lastKey() + index.pos() : range.lastKey();
                // unsigned comparison, as Redis's: a negative (counted from the end) last key wins
                last = Integer.compareUnsigned(last, lastAbs) >= 0 ? last : lastAbs;
                prevLast = last;
            }
        }
        if (first == Integer.MAX_VALUE) {
            firstKey = 0;
            lastKey = 0;
            keyStep = 0;
        } else {
            firstKey = first;
            lastKey = last;
            keyStep = step;
        }
        this.flags = Collections.unmodifiableSet(allFlags);
    }

    /** Starts the spec of a command that {@code implementation} runs. */
    public static <D> Builder<D> command(String name, int arity, Command<? super D> implementation) {
        return new Builder<>(name, arity, implementation);
    }

    /** Starts the spec of a container command (CLIENT, COMMAND): its subcommands do the work. */
    public static <D> Builder<D> container(String name, int arity) {
        return new Builder<>(name, arity, null);
    }

    public String name() {
        return name;
    }

    public String fullName() {
        return fullName;
    }

    /** The command's index in ACL command sets: 0 to {@link CommandTable#aclIds()} - 1. */
    public int aclId() {
        return aclId;
    }

    void assignAclId(int id) {
        aclId = id;
    }

    public int arity() {
        return arity;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public Set<CommandFlag> flags() {
        return flags;
    }

    public Set<AclCategory> categories() {
        return categories;
    }

    public List<String> tips() {
        return tips;
    }

    public List<KeySpec> keySpecs() {
        return keySpecs;
    }

    public CommandDoc doc() {
        return doc;
    }

    /** The Pub/Sub channel arguments an ACL checks, or null when the command names none. */
    public ChannelArgs channels() {
        return channels;
    }

    public Command<? super D> implementation() {
        return implementation;
    }

    /**
     * The implementation as a {@link SlicedCommand} when the command works on the whole keyspace
     * (its request_policy tip), null when its keys say where it runs.
     */
    public SlicedCommand<? super D, ?> sliced() {
        return implementation instanceof SlicedCommand<?, ?> s ? (SlicedCommand<? super D, ?>) s : null;
    }

    /**
     * Runs the command on {@code ctx}, and if it fails, answers an error instead of letting the
     * failure take the event loop (and every client on it) down: a bug in one command, or an
     * allocation the heap cannot satisfy (SETRANGE at a 512 MB offset with the heap full), costs
     * that one command, as "bad input harms nothing" asks. Every runner calls this, never
     * {@code implementation().execute} directly.
     */
    public void run(CommandContext<? extends D> ctx) {
        CommandLog log = ctx.commands().log();
        if (log == null) {
            runObserved(ctx);
            return;
        }
        long mark = log.before(ctx);
        long errors = ctx.reply().errorCount();
        runObserved(ctx);
        log.after(ctx, mark, ctx.reply().errorCount() != errors);
    }

    private void runObserved(CommandContext<? extends D> ctx) {
        CommandObserver observer = ctx.server().observer();
        if (!observer.observing()) {
            execute(ctx);
            return;
        }
        RespEncoder reply = ctx.reply();
        reply.takeNewErrors(); // errors written before this command are not its own
        long start = ctx.clock().nanoTime();
        ctx.takeBlocking();
        execute(ctx);
        long nanos = ctx.clock().nanoTime() - start;
        Client client = ctx.client(); // null for a context not bound to a client yet (never blocks)
        if (ctx.takeBlocking() && client != null) {
            // Blocked: counted once, when served or timed out, with this run's time (call() skips
            // a blocked client; blocked.c's updateStatsOnUnblock counts it then).
            client.blockedRan(nanos);
            return;
        }
        observer.ran(ctx, this, start, nanos + (client == null ? 0 : client.takeBlockedRun()), reply.takeNewErrors());
    }

    /**
     * A blocked command ended without running again: its timeout, or CLIENT UNBLOCK
     * ({@code byClient}), answered for it on {@code ctx}'s reply. Counted now, once, with the time it
     * ran before blocking, as updateStatsOnUnblock does.
     */
    public void unblocked(CommandContext<? extends D> ctx, boolean byClient) {
        CommandObserver observer = ctx.server().observer();
        long nanos = ctx.client().takeBlockedRun();
        boolean errorReplied = ctx.reply().takeNewErrors();
        if (observer.observing()) {
            observer.unblocked(ctx, this, nanos, errorReplied, errorReplied || byClient);
        }
    }

    private void execute(CommandContext<? extends D> ctx) {
        try {
            implementation.execute(ctx);
        } catch (RuntimeException | OutOfMemoryError e) {
            ctx.reply().error(failure(e));
        }
        if (!ctx.isRetry()) {
            observed(ctx); // as call() does, once per command: not again when a blocked one is retried
        }
    }

    /**
     * Tells the table's {@link CommandFeed}, if any (MONITOR), that the command of {@code ctx} has run:
     * {@link #run} does; a runner that ran it in parts (final-server's sliced commands and EXEC over
     * several shards) calls it once they are done.
     */
    public void observed(CommandContext<? extends D> ctx) {
        CommandFeed feed = ctx.commands().feed();
        if (feed != null) {
            feed.executed(ctx);
        }
    }

    /**
     * The error a client gets when running this command failed ({@link #run}, or final-server's
     * coordinator around it): {@code -OOM} when the heap ran out, an internal error otherwise. Logged.
     */
    public String failure(Throwable e) {
        dev.sabaody.kv.blocking.Log.warn("command '%s' failed: %s", fullName, e);
        return e instanceof OutOfMemoryError
                ? "-OOM command not allowed: the server is out of memory"
                : "internal error running '" + fullName + "': " + e.getClass().getSimpleName();
    }

    public List<CommandSpec<D>> subcommands() {
        return subcommands;
    }

    /** The subcommand named by argument {@code i} of {@code argv}, ignoring case; null when none. */
    public CommandSpec<D> subcommand(Argv argv, int i) {
        for (CommandSpec<D> sub : subcommands) {
            if (argv.equalsIgnoreCase(i, sub.name)) {
                return sub;
            }
        }
        return null;
    }

    CommandSpec<D> subcommand(String lowerName) {
        for (CommandSpec<D> sub : subcommands) {
            if (sub.name.equals(lowerName)) {
                return sub;
            }
        }
        return null;
    }

    /**
     * Whether a RESP2 connection in the subscribed context may run it: (P|S)SUBSCRIBE,
     * (P|S)UNSUBSCRIBE, PING, QUIT and RESET, the list processCommand (server.c) keeps. A RESP2
     * subscriber reads pushes and replies on one stream, so any other reply would be taken for a
     * message. Redis checks the command's function; the table carries the fact instead.
     */
    public boolean allowedWhileSubscribed() {
        return allowedWhileSubscribed;
    }

    /**
     * A command Redis flags {@code protected} (DEBUG, MODULE): the configuration decides who may run
     * it ({@code enable-debug-command no|yes|local}). processCommand refuses it right after the arity
     * check, before authentication and ACLs, and inside MULTI at queueing time (the transaction then
     * aborts), so the session asks before anything else does.
     */
    public interface Protection {
        /** The error refusing this client, or null when it may run the command. */
        String refusal(Client client);
    }

    /** Who may run it ({@link Protection}); null when anyone may. */
    public Protection protection() {
        return protection;
    }

    public LoggedForm loggedForm() {
        return loggedForm;
    }

    /** Whether {@code argc} arguments (the name included) satisfy the arity. */
    public boolean arityAccepts(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    /** Index of the first key argument, 0 when the command takes no key. */
    public int firstKey() {
        return firstKey;
    }

    /** Index of the last key argument; negative counts from the end (-1: the last argument). */
    public int lastKey() {
        return lastKey;
    }

    public int keyStep() {
        return keyStep;
    }


    /**
     * The indexes of the key arguments of {@code argv}, found through the key specs as Redis's
     * {@code getKeysUsingKeySpecs} (db.c) finds them: each spec's begin search (a fixed index, or a
     * keyword looked for from a start index, backwards when negative), then its find-keys rule (a
     * range, or a count read from an argument: ZUNIONSTORE's numkeys). What final-server routes by
     * and COMMAND GETKEYS answers;
     * unlike the legacy (first, last, step) it handles every command, "movablekeys" ones included. Indexes past
     * the end of {@code argv} (a numkeys larger than the arguments) are left out: the command itself
     * answers that error.
     */
    public int[] keyPositions(Argv argv) {
        return keyPositions(argv, false, null);
    }

    /** Receives each key argument with the flags of the key spec that found it. */
    @FunctionalInterface
    public interface KeyVisitor {
        /** Returns false to stop the walk. */
        boolean key(int position, Set<KeySpec.Flag> flags);
    }

    /**
     * Redis's getkeys_proc, for a command whose key specs cannot say each key's flags (a spec flagged
     * {@code variable_flags} or {@code incomplete}: SET's GET, BITFIELD's subcommands, SORT's STORE).
     * It walks one command line and gives each key with the flags it has there. Redis's
     * getKeysFromCommandWithSpecs prefers it to such specs, so COMMAND GETKEYSANDFLAGS and the ACL's
     * read and write key patterns see {@code SET k v} as OW and {@code SET k v GET} as RW.
     */
    @FunctionalInterface
    public interface KeysProcedure {
        /** Visits each key of {@code argv} (argument 0 the command's name); false when the visitor stopped. */
        boolean keys(Argv argv, KeyVisitor visitor);
    }

    /**
     * Visits the key arguments as {@link #keyPositions(Argv)} finds them, each with its spec's
     * flags, or, for a command with a {@link KeysProcedure}, as that finds them: what an ACL key
     * pattern ({@code %R~}, {@code %W~}) is checked against. Specs flagged {@code not_key}
     * (SPUBLISH's shard channel) are not visited. Returns false when the visitor stopped the walk.
     */
    public boolean forEachKey(Argv argv, KeyVisitor visitor) {
        if (keysProcedure != null) {
            return keysProcedure.keys(argv, visitor);
        }
        return keyPositions(argv, false, visitor) != null;
    }

    /**
     * {@link #keyPositions(Argv)} as COMMAND GETKEYS needs it: null when a spec points past the
     * arguments (a numkeys larger than what follows), where Redis answers "Invalid arguments
     * specified for command".
     */
    public int[] keyPositionsOrNull(Argv argv) {
        return keyPositions(argv, true, null);
    }

    private int[] keyPositions(Argv argv, boolean strict, KeyVisitor visitor) {
        int argc = argv.argc();
        if (keySpecs.isEmpty()) {
            return new int[0];
        }
        int[] out = new int[Math.max(0, argc - 1)];
        int n = 0;
        for (KeySpec ks : keySpecs) {
            if (visitor != null && ks.flags().contains(KeySpec.Flag.NOT_KEY)) {
                continue; // a shard channel (SPUBLISH): not a key to an ACL (GET_KEYSPEC_DEFAULT skips it too)
            }
            int start;
            if (ks.begin() instanceof KeySpec.Index index) {
                start = index.pos();
            } else if (ks.begin() instanceof KeySpec.Keyword kw) {
                start = findKeyword(argv, kw);
                if (start < 0) {
                    continue;
                }
            } else {
                continue;
            }
            int first;
            int last;
            int step;
            if (ks.find() instanceof KeySpec.Range range) {
                first = start;
                step = Math.max(1, range.keyStep());
                if (range.lastKey() >= 0) {
                    last = start + range.lastKey();
                } else {
                    last = argc + range.lastKey();
                    if (range.limit() > 1) {
                        last = start + ((last - start) / range.limit());
                    }
                }
            } else if (ks.find() instanceof KeySpec.KeyNum keyNum) {
                int numIndex = start + keyNum.keyNumIdx();
                if (numIndex >= argc || !argv.parseLong(numIndex) || argv.parsedLong() < 0
                        || argv.parsedLong() > argc) {
                    if (strict) {
                        return null;
                    }
                    continue;
                }
                step = Math.max(1, keyNum.keyStep());
                first = start + keyNum.firstKey();
                last = first + (int) (argv.parsedLong() - 1) * step;
            } else {
                continue;
            }
            if (strict && (last >= argc || last < first) && !ks.flags().contains(KeySpec.Flag.INCOMPLETE)) {
                return null; // getKeysUsingKeySpecs: invalid_spec
            }
            for (int i = first; i <= last && i < argc; i += step) {
                if (i > 0 && n < out.length) {
                    out[n++] = i;
                    if (visitor != null && !visitor.key(i, ks.flags())) {
                        return null;
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int findKeyword(Argv argv, KeySpec.Keyword kw) {
        int argc = argv.argc();
        if (kw.startFrom() >= 0) {
            for (int i = kw.startFrom(); i < argc; i++) {
                if (argv.equalsIgnoreCase(i, kw.keyword())) {
                    return i + 1;
                }
            }
        } else {
            for (int i = argc + kw.startFrom(); i > 0; i--) {
                if (argv.equalsIgnoreCase(i, kw.keyword())) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return fullName;
    }

    /** Builds a {@link CommandSpec}; every field but name and arity is optional. */
    public static final class Builder<D> {
        private final String name;
        private final int arity;
        private final Command<? super D> implementation;
        private EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private EnumSet<AclCategory> categories = EnumSet.noneOf(AclCategory.class);
        private final List<String> tips = new ArrayList<>();
        private final List<KeySpec> keySpecs = new ArrayList<>();
        private CommandDoc doc;
        private ChannelArgs channels;
        private final List<Builder<D>> subcommands = new ArrayList<>();
        private boolean allowedWhileSubscribed;
        private Protection protection;
        private KeysProcedure keysProcedure;
        private LoggedForm loggedForm = LoggedForm.AS_SENT;

        private Builder(String name, int arity, Command<? super D> implementation) {
            this.name = name.toLowerCase(java.util.Locale.ROOT);
            this.arity = arity;
            this.implementation = implementation;
        }

        public Builder<D> flags(CommandFlag... values) {
            flags = EnumSet.noneOf(CommandFlag.class);
            flags.addAll(List.of(values));
            return this;
        }

        public Builder<D> acl(AclCategory... values) {
            categories = EnumSet.noneOf(AclCategory.class);
            categories.addAll(List.of(values));
            return this;
        }

        public Builder<D> tips(String... values) {
            tips.addAll(List.of(values));
            return this;
        }

        public Builder<D> keys(KeySpec... specs) {
            keySpecs.addAll(List.of(specs));
            return this;
        }

        public Builder<D> doc(CommandDoc value) {
            doc = value;
            return this;
        }

        /** Which arguments are Pub/Sub channels, for the ACL's channel patterns ({@code &news.*}). */
        public Builder<D> channels(ChannelArgs value) {
            channels = value;
            return this;
        }

        /** Allowed in a RESP2 connection's subscribed context ({@link CommandSpec#allowedWhileSubscribed}). */
        public Builder<D> allowedWhileSubscribed() {
            allowedWhileSubscribed = true;
            return this;
        }

        /** Finds the keys and their flags of a command line ({@link CommandSpec.KeysProcedure}). */
        public Builder<D> keysProcedure(KeysProcedure value) {
            keysProcedure = value;
            return this;
        }

        /** Protected by configuration ({@link CommandSpec.Protection}). */
        public Builder<D> protectedBy(Protection value) {
            protection = value;
            return this;
        }

        /** How a command log records this command, when as sent would not replay the same. */
        public Builder<D> logged(LoggedForm value) {
            loggedForm = value;
            return this;
        }

        public Builder<D> subcommand(Builder<D> sub) {
            subcommands.add(sub);
            return this;
        }

        public CommandSpec<D> build() {
            return new CommandSpec<>(this, null);
        }
    }
}
