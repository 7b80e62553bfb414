package dev.sabaody.kv.server.security;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.Selector;
import dev.sabaody.kv.resp.User;
import dev.sabaody.kv.resp.Users;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ACL and its subcommands (acl.c aclCommand): users are made and changed with SETUSER, shown with
 * GETUSER, LIST and USERS, removed with DELUSER; CAT lists categories, DRYRUN asks whether a user
 * could run a command, LOG shows denials, GENPASS makes a password, SAVE and LOAD write and read
 * the {@code aclfile}. Replies and errors are Redis 7.0's.
 */
public final class AclCommand {

    /** acl.c GENPASS_MAX_BITS. */
    private static final int GENPASS_MAX_BITS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AclCommand() {
    }

    public static <D> CommandSpec.Builder<D> spec(AclFile file) {
        return CommandSpec.<D>container("acl", -2)
                .acl(SLOW)
                .subcommand(AclCommand.<D>admin("setuser", -3, ctx -> setUser(ctx, ctx.server().users()))
                        .doc(CommandDoc.of("Modify or create the rules for a specific ACL user", "6.0.0", "server",
                                        "O(N). Where N is the number of rules provided.",
                                        Arg.of("username", "string"), Arg.of("rule", "string").optional().multiple())
                                .withHistory("6.2.0", "Added Pub/Sub channel patterns.",
                                        "7.0.0", "Added selectors and key based permissions.")))
                .subcommand(AclCommand.<D>admin("getuser", 3, ctx -> getUser(ctx, ctx.server().users()))
                        .doc(CommandDoc.of("Get the rules for a specific ACL user", "6.0.0", "server",
                                        "O(N). Where N is the number of password, command and pattern rules that the"
                                                + " user has.", Arg.of("username", "string"))
                                .withHistory("6.2.0", "Added Pub/Sub channel patterns.",
                                        "7.0.0", "Added selectors and changed the format of key and channel patterns"
                                                + " from a list to their rule representation.")))
                .subcommand(AclCommand.<D>admin("deluser", -3, ctx -> {
                    Users users = ctx.server().users();
                    List<String> names = new ArrayList<>();
                    for (int i = 2; i < ctx.argv().argc(); i++) {
                        if (ctx.argv().latin1(i).equals(Users.DEFAULT_USER)) {
                            ctx.reply().error("The 'default' user cannot be removed");
                            return;
                        }
                        names.add(ctx.argv().latin1(i));
                    }
                    ctx.reply().integer(users.delete(names));
                }).doc(CommandDoc.of("Remove the specified ACL users and the associated rules", "6.0.0", "server",
                        "O(1) amortized time considering the typical user.", Arg.of("username", "string").multiple())))
                .subcommand(AclCommand.<D>admin("list", 2, ctx -> {
                    Users users = ctx.server().users();
                    List<User> all = new ArrayList<>(users.all());
                    ctx.reply().arrayHeader(all.size());
                    for (User u : all) {
                        ctx.reply().bulk(users.describe(u).getBytes(StandardCharsets.ISO_8859_1));
                    }
                }).doc(CommandDoc.of("List the current ACL rules in ACL config file format", "6.0.0", "server",
                        "O(N). Where N is the number of configured users.")))
                .subcommand(AclCommand.<D>admin("users", 2, ctx -> {
                    List<User> all = new ArrayList<>(ctx.server().users().all());
                    ctx.reply().arrayHeader(all.size());
                    for (User u : all) {
                        ctx.reply().bulk(u.name().getBytes(StandardCharsets.ISO_8859_1));
                    }
                }).doc(CommandDoc.of("List the username of all the configured ACL rules", "6.0.0", "server",
                        "O(N). Where N is the number of configured users.")))
                .subcommand(AclCommand.<D>plain("whoami", 2, ctx -> ctx.reply().bulk(
                        ctx.client().userName().getBytes(StandardCharsets.ISO_8859_1)))
                        .doc(CommandDoc.of("Return the name of the user associated to the current connection",
                                "6.0.0", "server", "O(1)")))
                .subcommand(AclCommand.<D>plain("cat", -2, ctx -> cat(ctx, ctx.commands()))
                        .doc(CommandDoc.of("List the ACL categories or the commands inside a category", "6.0.0",
                                "server", "O(1) since the categories and commands are a fixed set.",
                                Arg.of("categoryname", "string").optional())))
                .subcommand(AclCommand.<D>plain("genpass", -2, AclCommand::genPass)
                        .doc(CommandDoc.of("Generate a pseudorandom secure password to use for ACL users", "6.0.0",
                                "server", "O(1)", Arg.of("bits", "integer").optional())))
                .subcommand(AclCommand.<D>admin("log", -2, ctx -> log(ctx, ctx.server().users()))
                        .doc(CommandDoc.of("List latest events denied because of ACLs in place", "6.0.0", "server",
                                "O(N) with N being the number of entries shown.",
                                Arg.oneOf("operation", Arg.of("count", "integer"), Arg.token("reset", "RESET"))
                                        .optional())))
                .subcommand(AclCommand.<D>admin("dryrun", -4, ctx -> dryRun(ctx, ctx.server().users()))
                        .doc(CommandDoc.of("Returns whether the user can execute the given command without executing"
                                        + " the command.", "7.0.0", "server", "O(1).",
                                Arg.of("username", "string"), Arg.of("command", "string"),
                                Arg.of("arg", "string").optional().multiple())))
                .subcommand(AclCommand.<D>admin("save", 2, ctx -> file.save(ctx))
                        .doc(CommandDoc.of("Save the current ACL rules in the configured ACL file", "6.0.0", "server",
                                "O(N). Where N is the number of configured users.")))
                .subcommand(AclCommand.<D>admin("load", 2, ctx -> file.load(ctx))
                        .doc(CommandDoc.of("Reload the ACLs from the configured ACL file", "6.0.0", "server",
                                "O(N). Where N is the number of configured users.")))
                .subcommand(CommandSpec.<D>command("help", 2, AclCommand::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "6.0.0", "server",
                                "O(1)")))
                .doc(CommandDoc.of("A container for Access List Control commands ", "6.0.0", "server",
                        "Depends on subcommand."));
    }

    private static <D> CommandSpec.Builder<D> admin(String name, int arity, Command<Object> impl) {
        return CommandSpec.<D>command(name, arity, impl)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl(ADMIN, SLOW, DANGEROUS);
    }

    private static <D> CommandSpec.Builder<D> plain(String name, int arity, Command<Object> impl) {
        return CommandSpec.<D>command(name, arity, impl)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl(SLOW);
    }

    private static void setUser(CommandContext<?> ctx, Users users) {
        Argv argv = ctx.argv();
        String name = argv.latin1(2);
        if (Selector.hasSpaces(name)) {
            ctx.reply().error("Usernames can't contain spaces or null characters");
            return;
        }
        List<String> words = new ArrayList<>();
        for (int i = 3; i < argv.argc(); i++) {
            words.add(argv.latin1(i));
        }
        List<String> rules = mergeSelectors(words);
        if (rules == null) {
            ctx.reply().error("Unmatched parenthesis in acl selector starting at '" + unmatchedStart(words) + "'.");
            return;
        }
        try {
            users.setUser(name, rules);
            ctx.reply().ok();
        } catch (Users.RuleException e) {
            ctx.reply().error("Error in ACL SETUSER modifier '" + e.rule() + "': " + e.getMessage());
        }
    }

    /**
     * ACLMergeSelectorArguments: a selector may come split over several words
     * ({@code "(+get" "~k*)"}); joined with spaces. Null when a parenthesis stays open.
     */
    static List<String> mergeSelectors(List<String> words) {
        List<String> out = new ArrayList<>();
        StringBuilder selector = null;
        for (String op : words) {
            if (selector == null && op.startsWith("(") && !op.endsWith(")")) {
                selector = new StringBuilder(op);
                continue;
            }
            if (selector != null) {
                selector.append(' ').append(op);
                if (op.endsWith(")")) {
                    out.add(selector.toString());
                    selector = null;
                }
                continue;
            }
            out.add(op);
        }
        return selector == null ? out : null;
    }

    /** The word that opened the selector left unclosed. */
    private static String unmatchedStart(List<String> words) {
        String open = "";
        for (String op : words) {
            if (open.isEmpty() && op.startsWith("(") && !op.endsWith(")")) {
                open = op;
            } else if (!open.isEmpty() && op.endsWith(")")) {
                open = "";
            }
        }
        return open;
    }

    private static void getUser(CommandContext<?> ctx, Users users) {
        User user = users.get(ctx.argv().latin1(2));
        RespEncoder reply = ctx.reply();
        if (user == null) {
            reply.nullBulk();
            return;
        }
        User.Details view = user.details(users.table());
        reply.mapHeader(6);
        reply.bulkAscii("flags");
        reply.setHeader(view.flags().size());
        view.flags().forEach(reply::bulkAscii);
        reply.bulkAscii("passwords");
        reply.arrayHeader(view.passwords().size());
        view.passwords().forEach(reply::bulkAscii);
        selector(reply, view.root());
        reply.bulkAscii("selectors");
        reply.arrayHeader(view.selectors().size());
        for (User.SelectorDetails s : view.selectors()) {
            reply.mapHeader(3);
            selector(reply, s);
        }
    }

    private static void selector(RespEncoder reply, User.SelectorDetails s) {
        reply.bulkAscii("commands");
        reply.bulk(s.commands().getBytes(StandardCharsets.ISO_8859_1));
        reply.bulkAscii("keys");
        reply.bulk(s.keys().getBytes(StandardCharsets.ISO_8859_1));
        reply.bulkAscii("channels");
        reply.bulk(s.channels().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void cat(CommandContext<?> ctx, CommandTable<?> table) {
        RespEncoder reply = ctx.reply();
        if (ctx.argv().argc() == 2) {
            reply.arrayHeader(AclCategory.values().length);
            for (AclCategory c : AclCategory.values()) {
                reply.bulkAscii(c.replyName().substring(1));
            }
            return;
        }
        if (ctx.argv().argc() > 3) {
            ctx.replySubcommandSyntaxError();
            return;
        }
        AclCategory category = null;
        for (AclCategory c : AclCategory.values()) {
            if (c.name().equalsIgnoreCase(ctx.argv().latin1(2))) {
                category = c;
            }
        }
        if (category == null) {
            String name = ctx.argv().latin1(2);
            reply.error("Unknown category '" + (name.length() > 128 ? name.substring(0, 128) : name) + "'");
            return;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec<?> spec : table.withSubcommands()) {
            if (spec.categories().contains(category)) {
                names.add(spec.fullName());
            }
        }
        reply.arrayHeader(names.size());
        names.forEach(reply::bulkAscii);
    }

    private static void genPass(CommandContext<?> ctx) {
        long bits = 256;
        if (ctx.argv().argc() > 3) {
            ctx.replySubcommandSyntaxError();
            return;
        }
        if (ctx.argv().argc() == 3) {
            if (!ctx.argv().parseLong(2)) {
                ctx.reply().error("value is not an integer or out of range");
                return;
            }
            bits = ctx.argv().parsedLong();
        }
        if (bits <= 0 || bits > GENPASS_MAX_BITS) {
            ctx.reply().error("ACL GENPASS argument must be the number of bits for the output password, a positive"
                    + " number up to " + GENPASS_MAX_BITS);
            return;
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] random = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(random);
        ctx.reply().bulkAscii(HexFormat.of().formatHex(random).substring(0, chars));
    }

    private static void log(CommandContext<?> ctx, Users users) {
        long count = 10;
        if (ctx.argv().argc() > 3) {
            ctx.replySubcommandSyntaxError();
            return;
        }
        if (ctx.argv().argc() == 3) {
            if (ctx.argv().equalsIgnoreCase(2, "reset")) {
                users.log().reset();
                ctx.reply().ok();
                return;
            }
            if (!ctx.argv().parseLong(2)) {
                ctx.reply().error("value is not an integer or out of range");
                return;
            }
            count = Math.max(0, ctx.argv().parsedLong());
        }
        users.log().reply(ctx.reply(), count, ctx.clock().currentTimeMillis());
    }

    private static void dryRun(CommandContext<?> ctx, Users users) {
        Argv argv = ctx.argv();
        User user = users.get(argv.latin1(2));
        if (user == null) {
            ctx.reply().error("User '" + argv.latin1(2) + "' not found");
            return;
        }
        List<byte[]> rest = new ArrayList<>();
        for (int i = 3; i < argv.argc(); i++) {
            rest.add(argv.copy(i));
        }
        Argv command = Argv.of(rest);
        CommandSpec<?> spec = ctx.commands().lookup(command);
        if (spec == null) {
            ctx.reply().error("Command '" + argv.latin1(3) + "' not found");
            return;
        }
        if (!spec.arityAccepts(command.argc())) {
            ctx.reply().error("wrong number of arguments for '" + spec.fullName() + "' command");
            return;
        }
        int[] position = {0};
        int result = user.check(spec, command, position);
        String text = switch (result) {
            case Selector.OK -> null;
            case Selector.DENIED_KEY -> "This user has no permissions to access the '"
                    + command.latin1(position[0]) + "' key";
            case Selector.DENIED_CHANNEL -> "This user has no permissions to access the '"
                    + command.latin1(position[0]) + "' channel";
            default -> "This user has no permissions to run the '" + spec.fullName() + "' command";
        };
        if (text == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().bulk(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("ACL",
                "CAT [<category>]",
                "    List all commands that belong to <category>, or all command categories",
                "    when no category is specified.",
                "DELUSER <username> [<username> ...]",
                "    Delete a list of users.",
                "DRYRUN <username> <command> [<arg> ...]",
                "    Returns whether the user can execute the given command without executing the command.",
                "GETUSER <username>",
                "    Get the user's details.",
                "GENPASS [<bits>]",
                "    Generate a secure 256-bit user password. The optional `bits` argument can",
                "    be used to specify a different size.",
                "LIST",
                "    Show users details in config file format.",
                "LOAD",
                "    Reload users from the ACL file.",
                "LOG [<count> | RESET]",
                "    Show the ACL log entries.",
                "SAVE",
                "    Save the current config to the ACL file.",
                "SETUSER <username> <attribute> [<attribute> ...]",
                "    Create or modify a user with the specified attributes.",
                "USERS",
                "    List all the registered usernames.",
                "WHOAMI",
                "    Return the current connection username.");
    }
}
