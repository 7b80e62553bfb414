package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import java.util.List;

/**
 * What COMMAND DOCS answers for the stream commands: Redis 7.0.15's text (its commands/*.json),
 * argument trees included, copied from a real redis-server's COMMAND DOCS so the reply is the same
 * byte for byte. Data, not logic: each command's spec takes its entry from here, which keeps the
 * command classes about what the commands do.
 */
final class StreamDocs {

    private StreamDocs() {
    }

    /** One argument: name, type, key spec index (-1: none), token, summary, since, deprecated since, flags. */
    private static Arg arg(String name, String type, int keySpecIndex, String token, String summary, String since,
                           String deprecatedSince, List<String> flags, Arg... arguments) {
        return new Arg(name, type, keySpecIndex, token, summary, since, deprecatedSince, flags, List.of(arguments));
    }

    static CommandDoc xadd() {
        return new CommandDoc("Appends a new entry to a stream", "5.0.0", "stream",
            "O(1) when adding a new entry, O(N) when trimming where N being the "
                        + "number of entries evicted.",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the "
                        + "`LIMIT` option."}, new String[] {"7.0.0", "Added support for the `<ms>-*` explicit ID form."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("nomkstream", "pure-token", -1, "NOMKSTREAM", null, "6.2.0", null, List.of("optional")),
                arg("trim", "block", -1, null, null, null, null, List.of("optional"),
                    arg("strategy", "oneof", -1, null, null, null, null, List.of(),
                        arg("maxlen", "pure-token", -1, "MAXLEN", null, null, null, List.of()),
                        arg("minid", "pure-token", -1, "MINID", null, "6.2.0", null, List.of())),
                    arg("operator", "oneof", -1, null, null, null, null, List.of("optional"),
                        arg("equal", "pure-token", -1, "=", null, null, null, List.of()),
                        arg("approximately", "pure-token", -1, "~", null, null, null, List.of())),
                    arg("threshold", "string", -1, null, null, null, null, List.of()),
                    arg("count", "integer", -1, "LIMIT", null, "6.2.0", null, List.of("optional"))),
                arg("id_or_auto", "oneof", -1, null, null, null, null, List.of(),
                    arg("auto_id", "pure-token", -1, "*", null, null, null, List.of()),
                    arg("id", "string", -1, null, null, null, null, List.of())),
                arg("field_value", "block", -1, null, null, null, null, List.of("multiple"),
                    arg("field", "string", -1, null, null, null, null, List.of()),
                    arg("value", "string", -1, null, null, null, null, List.of()))
            ));
    }

    static CommandDoc xtrim() {
        return new CommandDoc("Trims the stream to (approximately if '~' is passed) a certain size", "5.0.0", "stream",
            "O(N), with N being the number of evicted entries. Constant times are "
                        + "very small however, since entries are organized in macro nodes "
                        + "containing multiple entries that can be released with a single "
                        + "deallocation.",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("trim", "block", -1, null, null, null, null, List.of(),
                    arg("strategy", "oneof", -1, null, null, null, null, List.of(),
                        arg("maxlen", "pure-token", -1, "MAXLEN", null, null, null, List.of()),
                        arg("minid", "pure-token", -1, "MINID", null, "6.2.0", null, List.of())),
                    arg("operator", "oneof", -1, null, null, null, null, List.of("optional"),
                        arg("equal", "pure-token", -1, "=", null, null, null, List.of()),
                        arg("approximately", "pure-token", -1, "~", null, null, null, List.of())),
                    arg("threshold", "string", -1, null, null, null, null, List.of()),
                    arg("count", "integer", -1, "LIMIT", null, "6.2.0", null, List.of("optional")))
            ));
    }

    static CommandDoc xrange() {
        return new CommandDoc("Return a range of elements in a stream, with IDs matching the "
                        + "specified IDs interval", "5.0.0", "stream",
            "O(N) with N being the number of elements being returned. If N is "
                        + "constant (e.g. always asking for the first 10 elements with COUNT), "
                        + "you can consider it O(1).",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.2.0", "Added exclusive ranges."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("start", "string", -1, null, null, null, null, List.of()),
                arg("end", "string", -1, null, null, null, null, List.of()),
                arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xrevrange() {
        return new CommandDoc("Return a range of elements in a stream, with IDs matching the "
                        + "specified IDs interval, in reverse order (from greater to smaller IDs) "
                        + "compared to XRANGE", "5.0.0", "stream",
            "O(N) with N being the number of elements returned. If N is constant "
                        + "(e.g. always asking for the first 10 elements with COUNT), you can "
                        + "consider it O(1).",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.2.0", "Added exclusive ranges."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("end", "string", -1, null, null, null, null, List.of()),
                arg("start", "string", -1, null, null, null, null, List.of()),
                arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xlen() {
        return new CommandDoc("Return the number of entries in a stream", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xdel() {
        return new CommandDoc("Removes the specified entries from the stream. Returns the number of "
                        + "items actually deleted, that may be different from the number of IDs "
                        + "passed in case certain IDs do not exist.", "5.0.0", "stream",
            "O(1) for each single item to delete in the stream, regardless of the "
                        + "stream size.",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("id", "string", -1, null, null, null, null, List.of("multiple"))
            ));
    }

    static CommandDoc xread() {
        return new CommandDoc("Return never seen elements in multiple streams, with IDs greater than "
                        + "the ones reported by the caller for each stream. Can block.", "5.0.0", "stream",
            "For each stream mentioned: O(N) with N being the number of elements "
                        + "being returned, it means that XREAD-ing with a fixed COUNT is O(1). "
                        + "Note that when the BLOCK option is used, XADD will pay O(M) time in "
                        + "order to serve the M clients blocked on the stream getting new data.",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional")),
                arg("milliseconds", "integer", -1, "BLOCK", null, null, null, List.of("optional")),
                arg("streams", "block", -1, "STREAMS", null, null, null, List.of(),
                    arg("key", "key", 0, null, null, null, null, List.of("multiple")),
                    arg("id", "string", -1, null, null, null, null, List.of("multiple")))
            ));
    }

    static CommandDoc xreadgroup() {
        return new CommandDoc("Return new entries from a stream using a consumer group, or access the "
                        + "history of the pending entries for a given consumer. Can block.", "5.0.0", "stream",
            "For each stream mentioned: O(M) with M being the number of elements "
                        + "returned. If M is constant (e.g. always asking for the first 10 "
                        + "elements with COUNT), you can consider it O(1). On the other side when "
                        + "XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N "
                        + "clients blocked on the stream getting new data.",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("group_consumer", "block", -1, "GROUP", null, null, null, List.of(),
                    arg("group", "string", -1, null, null, null, null, List.of()),
                    arg("consumer", "string", -1, null, null, null, null, List.of())),
                arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional")),
                arg("milliseconds", "integer", -1, "BLOCK", null, null, null, List.of("optional")),
                arg("noack", "pure-token", -1, "NOACK", null, null, null, List.of("optional")),
                arg("streams", "block", -1, "STREAMS", null, null, null, List.of(),
                    arg("key", "key", 0, null, null, null, null, List.of("multiple")),
                    arg("id", "string", -1, null, null, null, null, List.of("multiple")))
            ));
    }

    static CommandDoc xgroup() {
        return new CommandDoc("A container for consumer groups commands", "5.0.0", "stream",
            "Depends on subcommand.",
            List.of(), null, null,
            List.of(),
            List.of());
    }

    static CommandDoc xgroupCreate() {
        return new CommandDoc("Create a consumer group.", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.<String[]>of(new String[] {"7.0.0", "Added the `entries_read` named argument."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of()),
                arg("id", "oneof", -1, null, null, null, null, List.of(),
                    arg("id", "string", -1, null, null, null, null, List.of()),
                    arg("new_id", "pure-token", -1, "$", null, null, null, List.of())),
                arg("mkstream", "pure-token", -1, "MKSTREAM", null, null, null, List.of("optional")),
                arg("entries_read", "integer", -1, "ENTRIESREAD", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xgroupCreateconsumer() {
        return new CommandDoc("Create a consumer in a consumer group.", "6.2.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of()),
                arg("consumername", "string", -1, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xgroupDelconsumer() {
        return new CommandDoc("Delete a consumer from a consumer group.", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of()),
                arg("consumername", "string", -1, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xgroupDestroy() {
        return new CommandDoc("Destroy a consumer group.", "5.0.0", "stream",
            "O(N) where N is the number of entries in the group's pending entries "
                        + "list (PEL).",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xgroupHelp() {
        return new CommandDoc("Show helpful text about the different subcommands", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of());
    }

    static CommandDoc xgroupSetid() {
        return new CommandDoc("Set a consumer group to an arbitrary last delivered ID value.", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.<String[]>of(new String[] {"7.0.0", "Added the optional `entries_read` argument."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of()),
                arg("id", "oneof", -1, null, null, null, null, List.of(),
                    arg("id", "string", -1, null, null, null, null, List.of()),
                    arg("new_id", "pure-token", -1, "$", null, null, null, List.of())),
                arg("entries_read", "integer", -1, "ENTRIESREAD", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xack() {
        return new CommandDoc("Marks a pending message as correctly processed, effectively removing "
                        + "it from the pending entries list of the consumer group. Return value "
                        + "of the command is the number of messages successfully acknowledged, "
                        + "that is, the IDs we were actually able to resolve in the PEL.", "5.0.0", "stream",
            "O(1) for each message ID processed.",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("group", "string", -1, null, null, null, null, List.of()),
                arg("id", "string", -1, null, null, null, null, List.of("multiple"))
            ));
    }

    static CommandDoc xpending() {
        return new CommandDoc("Return information and entries from a stream consumer group pending "
                        + "entries list, that are messages fetched but never acknowledged.", "5.0.0", "stream",
            "O(N) with N being the number of elements returned, so asking for a "
                        + "small fixed number of entries per call is O(1). O(M), where M is the "
                        + "total number of entries scanned when used with the IDLE filter. When "
                        + "the command returns just the summary and the list of consumers is "
                        + "small, it runs in O(1) time; otherwise, an additional O(N) time for "
                        + "iterating every consumer.",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.2.0", "Added the `IDLE` option and exclusive range intervals."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("group", "string", -1, null, null, null, null, List.of()),
                arg("filters", "block", -1, null, null, null, null, List.of("optional"),
                    arg("min-idle-time", "integer", -1, "IDLE", null, "6.2.0", null, List.of("optional")),
                    arg("start", "string", -1, null, null, null, null, List.of()),
                    arg("end", "string", -1, null, null, null, null, List.of()),
                    arg("count", "integer", -1, null, null, null, null, List.of()),
                    arg("consumer", "string", -1, null, null, null, null, List.of("optional")))
            ));
    }

    static CommandDoc xclaim() {
        return new CommandDoc("Changes (or acquires) ownership of a message in a consumer group, as "
                        + "if the message was delivered to the specified consumer.", "5.0.0", "stream",
            "O(log N) with N being the number of messages in the PEL of the "
                        + "consumer group.",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("group", "string", -1, null, null, null, null, List.of()),
                arg("consumer", "string", -1, null, null, null, null, List.of()),
                arg("min-idle-time", "string", -1, null, null, null, null, List.of()),
                arg("id", "string", -1, null, null, null, null, List.of("multiple")),
                arg("ms", "integer", -1, "IDLE", null, null, null, List.of("optional")),
                arg("unix-time-milliseconds", "unix-time", -1, "TIME", null, null, null, List.of("optional")),
                arg("count", "integer", -1, "RETRYCOUNT", null, null, null, List.of("optional")),
                arg("force", "pure-token", -1, "FORCE", null, null, null, List.of("optional")),
                arg("justid", "pure-token", -1, "JUSTID", null, null, null, List.of("optional")),
                arg("id", "string", -1, "LASTID", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xautoclaim() {
        return new CommandDoc("Changes (or acquires) ownership of messages in a consumer group, as if "
                        + "the messages were delivered to the specified consumer.", "6.2.0", "stream",
            "O(1) if COUNT is small.",
            List.of(), null, null,
            List.<String[]>of(new String[] {"7.0.0", "Added an element to the reply array, containing deleted entries the "
                        + "command cleared from the PEL"}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("group", "string", -1, null, null, null, null, List.of()),
                arg("consumer", "string", -1, null, null, null, null, List.of()),
                arg("min-idle-time", "string", -1, null, null, null, null, List.of()),
                arg("start", "string", -1, null, null, null, null, List.of()),
                arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional")),
                arg("justid", "pure-token", -1, "JUSTID", null, null, null, List.of("optional"))
            ));
    }

    static CommandDoc xinfo() {
        return new CommandDoc("A container for stream introspection commands", "5.0.0", "stream",
            "Depends on subcommand.",
            List.of(), null, null,
            List.of(),
            List.of());
    }

    static CommandDoc xinfoConsumers() {
        return new CommandDoc("List the consumers in a consumer group", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("groupname", "string", -1, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xinfoGroups() {
        return new CommandDoc("List the consumer groups of a stream", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.<String[]>of(new String[] {"7.0.0", "Added the `entries-read` and `lag` fields"}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of())
            ));
    }

    static CommandDoc xinfoHelp() {
        return new CommandDoc("Show helpful text about the different subcommands", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.of(),
            List.of());
    }

    static CommandDoc xinfoStream() {
        return new CommandDoc("Get information about a stream", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.<String[]>of(new String[] {"6.0.0", "Added the `FULL` modifier."}, new String[] {"7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, "
                        + "`recorded-first-entry-id`, `entries-read` and `lag` fields"}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("full", "block", -1, "FULL", null, null, null, List.of("optional"),
                    arg("count", "integer", -1, "COUNT", null, null, null, List.of("optional")))
            ));
    }

    static CommandDoc xsetid() {
        return new CommandDoc("An internal command for replicating stream values", "5.0.0", "stream",
            "O(1)",
            List.of(), null, null,
            List.<String[]>of(new String[] {"7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."}),
            List.of(
                arg("key", "key", 0, null, null, null, null, List.of()),
                arg("last-id", "string", -1, null, null, null, null, List.of()),
                arg("entries_added", "integer", -1, "ENTRIESADDED", null, "7.0.0", null, List.of("optional")),
                arg("max_deleted_entry_id", "string", -1, "MAXDELETEDID", null, "7.0.0", null, List.of("optional"))
            ));
    }
}
