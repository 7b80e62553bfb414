package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * XGROUP CREATE | CREATECONSUMER | DELCONSUMER | DESTROY | SETID, and HELP (xgroupCommand).
 *
 * <p>The checks come in Redis's order: CREATE's and SETID's options first, then the key (which
 * must exist unless MKSTREAM, and be a stream), then the group (which every subcommand but CREATE
 * and DESTROY needs). DESTROY wakes the XREADGROUPs blocked on the group, which then answer NOGROUP.
 */
final class XGroup implements Command<Db> {

    private enum Sub { CREATE, CREATECONSUMER, DELCONSUMER, DESTROY, SETID }

    private final Sub sub;

    private XGroup(Sub sub) {
        this.sub = sub;
    }

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>container("xgroup", -2)
                .acl(SLOW)
                .doc(StreamDocs.xgroup())
                // Redis lists the subcommands in the order of its subcommand table, which is this one.
                .subcommand(CommandSpec.<Db>command("help", 2, XGroup::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(STREAM, SLOW)
                        .doc(StreamDocs.xgroupHelp()))
                .subcommand(keyed("create", -5, Sub.CREATE, StreamDocs.xgroupCreate(), true))
                .subcommand(keyed("createconsumer", 5, Sub.CREATECONSUMER, StreamDocs.xgroupCreateconsumer(), true))
                .subcommand(keyed("destroy", 4, Sub.DESTROY, StreamDocs.xgroupDestroy(), false))
                .subcommand(keyed("setid", -5, Sub.SETID, StreamDocs.xgroupSetid(), false))
                .subcommand(keyed("delconsumer", 5, Sub.DELCONSUMER, StreamDocs.xgroupDelconsumer(), false));
    }

    private static CommandSpec.Builder<Db> keyed(String name, int arity, Sub sub, CommandDoc doc, boolean denyOom) {
        CommandSpec.Builder<Db> b = CommandSpec.<Db>command(name, arity, new XGroup(sub));
        if (denyOom) {
            b.flags(CommandFlag.WRITE, CommandFlag.DENYOOM);
        } else {
            b.flags(CommandFlag.WRITE);
        }
        return b.acl(WRITE, STREAM, SLOW)
                .keys(KeySpec.range(2, 0, 1, KeySpec.Flag.RW, switch (sub) {
                    case CREATE, CREATECONSUMER -> KeySpec.Flag.INSERT;
                    case DESTROY, DELCONSUMER -> KeySpec.Flag.DELETE;
                    case SETID -> KeySpec.Flag.UPDATE;
                }))
                .doc(doc);
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("XGROUP",
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.");
    }

    private static void syntaxError(CommandContext<?> ctx) {
        ctx.reply().error("unknown subcommand or wrong number of arguments for '" + ctx.argv().string(1)
                + "'. Try XGROUP HELP.");
    }

    /** ENTRIESREAD's value: a count, or -1 for unknown; null after answering the error. */
    private static Long entriesRead(CommandContext<?> ctx, int i) {
        Long n = Streams.parseLong(ctx, i);
        if (n == null) {
            return null;
        }
        if (n < 0 && n != ConsumerGroup.SCG_INVALID_ENTRIES_READ) {
            ctx.reply().error("value for ENTRIESREAD must be positive or -1");
            return null;
        }
        return n;
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        boolean mkstream = false;
        long entriesRead = ConsumerGroup.SCG_INVALID_ENTRIES_READ;
        if (sub == Sub.CREATE) {
            int i = 5;
            while (i < argv.argc()) {
                if (argv.equalsIgnoreCase(i, "MKSTREAM")) {
                    mkstream = true;
                    i++;
                } else if (argv.equalsIgnoreCase(i, "ENTRIESREAD") && i + 1 < argv.argc()) {
                    Long n = entriesRead(ctx, i + 1);
                    if (n == null) {
                        return;
                    }
                    entriesRead = n;
                    i += 2;
                } else {
                    syntaxError(ctx);
                    return;
                }
            }
        } else if (sub == Sub.SETID) {
            if (argv.argc() == 7 && argv.equalsIgnoreCase(5, "ENTRIESREAD")) {
                Long n = entriesRead(ctx, 6);
                if (n == null) {
                    return;
                }
                entriesRead = n;
            } else if (argv.argc() != 5) {
                syntaxError(ctx);
                return;
            }
        }
        StreamValue s = Streams.lookup(ctx, 2, false);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        byte[] groupName = argv.copy(3);
        ConsumerGroup g = null;
        if (!mkstream) {
            if (s == null) {
                ctx.reply().error("The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
                        + "to use the MKSTREAM option to create an empty stream automatically.");
                return;
            }
            g = s.group(groupName);
            if (g == null && (sub == Sub.SETID || sub == Sub.CREATECONSUMER || sub == Sub.DELCONSUMER)) {
                ctx.reply().error("-NOGROUP No such consumer group '" + XRead.latin1(groupName) + "' for key name '"
                        + XRead.latin1(argv.copy(2)) + "'");
                return;
            }
        }
        Db db = ctx.db();
        byte[] key = argv.copy(2);
        switch (sub) {
            case CREATE -> {
                if (argv.argc() > 8) {
                    syntaxError(ctx);
                    return;
                }
                StreamId id;
                if (argv.length(4) == 1 && argv.byteAt(4, 0) == '$') {
                    id = s == null ? StreamId.MIN : s.lastId;
                } else {
                    id = StreamId.parse(argv, 4, 0, true);
                    if (id == null) {
                        ctx.reply().error(StreamId.INVALID);
                        return;
                    }
                }
                long mark = db.changeMark();
                if (s == null) {
                    s = new StreamValue();
                    db.add(key, s);
                }
                if (s.createGroup(groupName, id, entriesRead) != null) {
                    ctx.reply().ok();
                    db.signalModified(key);
                    db.countChanges(mark, 1); // xgroupCommand: server.dirty++, MKSTREAM or not
                    db.notify(KeyspaceEvents.STREAM, "xgroup-create", key); // xgroupCommand, as each below
                } else {
                    ctx.reply().error("-BUSYGROUP Consumer Group name already exists");
                }
            }
            case SETID -> {
                StreamId id;
                if (argv.length(4) == 1 && argv.byteAt(4, 0) == '$') {
                    id = s.lastId;
                } else {
                    id = StreamId.parse(argv, 4, 0, false);
                    if (id == null) {
                        ctx.reply().error(StreamId.INVALID);
                        return;
                    }
                }
                g.lastId = id;
                g.entriesRead = entriesRead;
                ctx.reply().ok();
                db.signalModified(key);
                db.notify(KeyspaceEvents.STREAM, "xgroup-setid", key);
            }
            case DESTROY -> {
                if (g != null) {
                    s.groups.remove(groupName);
                    ctx.reply().integer(1);
                    db.signalModified(key);
                    db.notify(KeyspaceEvents.STREAM, "xgroup-destroy", key);
                    db.keyspace().signalReady(db, key); // blocked XREADGROUPs answer NOGROUP
                } else {
                    ctx.reply().integer(0);
                }
            }
            case CREATECONSUMER -> {
                byte[] name = argv.copy(4);
                if (g.lookupConsumer(name) != null) {
                    ctx.reply().integer(0);
                } else {
                    g.createConsumer(name, db.keyspace().now());
                    ctx.reply().integer(1);
                    db.signalModified(key);
                    db.notify(KeyspaceEvents.STREAM, "xgroup-createconsumer", key);
                }
            }
            case DELCONSUMER -> {
                ConsumerGroup.Consumer c = g.lookupConsumer(argv.copy(4));
                long pending = 0;
                if (c != null) {
                    pending = g.deleteConsumer(c);
                    db.signalModified(key);
                    db.notify(KeyspaceEvents.STREAM, "xgroup-delconsumer", key);
                }
                ctx.reply().integer(pending);
            }
            default -> throw new IllegalStateException();
        }
    }
}
