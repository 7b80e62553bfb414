package dev.sabaody.kv.resp;

import java.util.List;

/**
 * What COMMAND DOCS says of a command: the documentation redis-cli turns into its hints and
 * {@code HELP} text. redis-cli 7 asks for all of it ({@code COMMAND DOCS} with no names) as soon as it
 * connects, and a malformed answer breaks it, so even a step server must answer it well.
 *
 * <p>The fields and their order are Redis 7.0's ({@code addReplyCommandDocs}, server.c); the texts
 * come from Redis's src/commands/*.json, so the replies match real Redis's for the commands both have.
 *
 * @param history pairs of {version, what changed}
 */
public record CommandDoc(String summary, String since, String group, String complexity,
                         List<String> docFlags, String deprecatedSince, String replacedBy,
                         List<String[]> history, List<Arg> arguments) {

    public static CommandDoc of(String summary, String since, String group, String complexity, Arg... arguments) {
        return new CommandDoc(summary, since, group, complexity, List.of(), null, null, List.of(), List.of(arguments));
    }

    public CommandDoc withHistory(String... versionThenChange) {
        List<String[]> pairs = new java.util.ArrayList<>();
        for (int i = 0; i < versionThenChange.length; i += 2) {
            pairs.add(new String[] {versionThenChange[i], versionThenChange[i + 1]});
        }
        return new CommandDoc(summary, since, group, complexity, docFlags, deprecatedSince, replacedBy,
                List.copyOf(pairs), arguments);
    }

    /**
     * One argument of a command's syntax, as Redis's {@code struct redisCommandArg}.
     *
     * @param type         "string", "integer", "double", "key", "pattern", "unix-time", "pure-token",
     *                     "oneof" or "block"
     * @param keySpecIndex which {@link KeySpec} a key argument belongs to, or -1
     * @param flags        "optional", "multiple", "multiple_token"
     * @param arguments    the alternatives of a "oneof", the parts of a "block"
     */
    public record Arg(String name, String type, int keySpecIndex, String token, String summary,
                      String since, String deprecatedSince, List<String> flags, List<Arg> arguments) {

        public static Arg of(String name, String type) {
            return new Arg(name, type, -1, null, null, null, null, List.of(), List.of());
        }

        public static Arg key(String name, int keySpecIndex) {
            return new Arg(name, "key", keySpecIndex, null, null, null, null, List.of(), List.of());
        }

        public static Arg token(String name, String token) {
            return of(name, "pure-token").withToken(token);
        }

        public static Arg oneOf(String name, Arg... alternatives) {
            return new Arg(name, "oneof", -1, null, null, null, null, List.of(), List.of(alternatives));
        }

        public static Arg block(String name, Arg... parts) {
            return new Arg(name, "block", -1, null, null, null, null, List.of(), List.of(parts));
        }

        public Arg withToken(String text) {
            return new Arg(name, type, keySpecIndex, text, summary, since, deprecatedSince, flags, arguments);
        }

        public Arg since(String version) {
            return new Arg(name, type, keySpecIndex, token, summary, version, deprecatedSince, flags, arguments);
        }

        public Arg optional() {
            return withFlag("optional");
        }

        public Arg multiple() {
            return withFlag("multiple");
        }

        private Arg withFlag(String flag) {
            List<String> more = new java.util.ArrayList<>(flags);
            more.add(flag);
            return new Arg(name, type, keySpecIndex, token, summary, since, deprecatedSince, List.copyOf(more), arguments);
        }
    }
}
