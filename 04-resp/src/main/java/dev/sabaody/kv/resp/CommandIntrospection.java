package dev.sabaody.kv.resp;

import dev.sabaody.kv.resp.CommandDoc.Arg;
import java.util.List;

/**
 * Writes a {@link CommandSpec} the way COMMAND INFO and COMMAND DOCS describe commands, following
 * Redis 7.0's {@code addReplyCommandInfo} and {@code addReplyCommandDocs} (server.c) field by field,
 * so a client that parses Redis's reply parses ours.
 *
 * <pre>
 * COMMAND INFO get
 * 1) "get"            name
 * 2) 2                arity
 * 3) readonly fast    flags (a set)
 * 4) 1  5) 1  6) 1    first key, last key, step
 * 7) @read @string @fast   ACL categories (a set)
 * 8) (empty)          tips (a set)
 * 9) key specs        a set of maps {flags, begin_search, find_keys}
 * 10) (empty)         subcommands (a set), each described the same way
 * </pre>
 */
final class CommandIntrospection {

    private CommandIntrospection() {
    }

    static void info(RespEncoder reply, CommandSpec<?> spec) {
        reply.arrayHeader(10);
        reply.bulkAscii(spec.fullName());
        reply.integer(spec.arity());
        reply.setHeader(spec.flags().size());
        for (CommandFlag flag : spec.flags()) {
            reply.simpleString(flag.replyName());
        }
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        reply.setHeader(spec.categories().size());
        for (AclCategory category : spec.categories()) {
            reply.simpleString(category.replyName());
        }
        reply.setHeader(spec.tips().size());
        for (String tip : spec.tips()) {
            reply.bulkAscii(tip); // bulk strings, unlike flags and categories (addReplyCommandTips)
        }
        reply.setHeader(spec.keySpecs().size());
        for (KeySpec keySpec : spec.keySpecs()) {
            keySpec(reply, keySpec);
        }
        reply.setHeader(spec.subcommands().size());
        for (CommandSpec<?> sub : spec.subcommands()) {
            info(reply, sub);
        }
    }

    private static void keySpec(RespEncoder reply, KeySpec spec) {
        reply.mapHeader(spec.notes() == null ? 3 : 4);
        if (spec.notes() != null) {
            reply.bulkAscii("notes");
            reply.bulkString(spec.notes());
        }
        reply.bulkAscii("flags");
        reply.setHeader(spec.flags().size());
        for (KeySpec.Flag flag : spec.flags()) {
            reply.simpleString(flag.replyName);
        }
        reply.bulkAscii("begin_search");
        reply.mapHeader(2);
        reply.bulkAscii("type");
        switch (spec.begin()) {
            case KeySpec.Index index -> {
                reply.bulkAscii("index");
                reply.bulkAscii("spec");
                reply.mapHeader(1);
                reply.bulkAscii("index");
                reply.integer(index.pos());
            }
            case KeySpec.Keyword keyword -> {
                reply.bulkAscii("keyword");
                reply.bulkAscii("spec");
                reply.mapHeader(2);
                reply.bulkAscii("keyword");
                reply.bulkString(keyword.keyword());
                reply.bulkAscii("startfrom");
                reply.integer(keyword.startFrom());
            }
        }
        reply.bulkAscii("find_keys");
        reply.mapHeader(2);
        reply.bulkAscii("type");
        switch (spec.find()) {
            case KeySpec.Range range -> {
                reply.bulkAscii("range");
                reply.bulkAscii("spec");
                reply.mapHeader(3);
                reply.bulkAscii("lastkey");
                reply.integer(range.lastKey());
                reply.bulkAscii("keystep");
                reply.integer(range.keyStep());
                reply.bulkAscii("limit");
                reply.integer(range.limit());
            }
            case KeySpec.KeyNum keyNum -> {
                reply.bulkAscii("keynum");
                reply.bulkAscii("spec");
                reply.mapHeader(3);
                reply.bulkAscii("keynumidx");
                reply.integer(keyNum.keyNumIdx());
                reply.bulkAscii("firstkey");
                reply.integer(keyNum.firstKey());
                reply.bulkAscii("keystep");
                reply.integer(keyNum.keyStep());
            }
        }
    }

    /** The docs map of one command (without its name, which the caller writes as the map key). */
    static void docs(RespEncoder reply, CommandSpec<?> spec) {
        CommandDoc doc = spec.doc();
        if (doc == null) {
            doc = CommandDoc.of(null, null, "generic", null);
        }
        int fields = 1; // group is always there
        fields += doc.summary() != null ? 1 : 0;
        fields += doc.since() != null ? 1 : 0;
        fields += doc.complexity() != null ? 1 : 0;
        fields += doc.docFlags().isEmpty() ? 0 : 1;
        fields += doc.deprecatedSince() != null ? 1 : 0;
        fields += doc.replacedBy() != null ? 1 : 0;
        fields += doc.history().isEmpty() ? 0 : 1;
        fields += doc.arguments().isEmpty() ? 0 : 1;
        fields += spec.subcommands().isEmpty() ? 0 : 1;
        reply.mapHeader(fields);
        field(reply, "summary", doc.summary());
        field(reply, "since", doc.since());
        field(reply, "group", doc.group());
        field(reply, "complexity", doc.complexity());
        if (!doc.docFlags().isEmpty()) {
            reply.bulkAscii("doc_flags");
            reply.setHeader(doc.docFlags().size());
            doc.docFlags().forEach(reply::simpleString);
        }
        field(reply, "deprecated_since", doc.deprecatedSince());
        field(reply, "replaced_by", doc.replacedBy());
        if (!doc.history().isEmpty()) {
            reply.bulkAscii("history");
            reply.setHeader(doc.history().size()); // a set of [version, change] pairs (addReplyCommandHistory)
            for (String[] entry : doc.history()) {
                reply.arrayHeader(2);
                reply.bulkString(entry[0]);
                reply.bulkString(entry[1]);
            }
        }
        if (!doc.arguments().isEmpty()) {
            reply.bulkAscii("arguments");
            arguments(reply, doc.arguments());
        }
        if (!spec.subcommands().isEmpty()) {
            reply.bulkAscii("subcommands");
            reply.mapHeader(spec.subcommands().size());
            for (CommandSpec<?> sub : spec.subcommands()) {
                reply.bulkAscii(sub.fullName());
                docs(reply, sub);
            }
        }
    }

    /** addReplyCommandArgList: each argument a map of the fields it has, in this order. */
    private static void arguments(RespEncoder reply, List<Arg> args) {
        reply.arrayHeader(args.size());
        for (Arg arg : args) {
            boolean nested = arg.type().equals("oneof") || arg.type().equals("block");
            int fields = 2;
            fields += arg.keySpecIndex() >= 0 ? 1 : 0;
            fields += arg.token() != null ? 1 : 0;
            fields += arg.summary() != null ? 1 : 0;
            fields += arg.since() != null ? 1 : 0;
            fields += arg.deprecatedSince() != null ? 1 : 0;
            fields += arg.flags().isEmpty() ? 0 : 1;
            fields += nested ? 1 : 0;
            reply.mapHeader(fields);
            field(reply, "name", arg.name());
            field(reply, "type", arg.type());
            if (arg.keySpecIndex() >= 0) {
                reply.bulkAscii("key_spec_index");
                reply.integer(arg.keySpecIndex());
            }
            field(reply, "token", arg.token());
            field(reply, "summary", arg.summary());
            field(reply, "since", arg.since());
            field(reply, "deprecated_since", arg.deprecatedSince());
            if (!arg.flags().isEmpty()) {
                reply.bulkAscii("flags");
                reply.setHeader(arg.flags().size());
                arg.flags().forEach(reply::simpleString);
            }
            if (nested) {
                reply.bulkAscii("arguments");
                arguments(reply, arg.arguments());
            }
        }
    }

    private static void field(RespEncoder reply, String name, String value) {
        if (value != null) {
            reply.bulkAscii(name);
            reply.bulkString(value);
        }
    }
}
