package dev.sabaody.kv.server.config;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.server.config.Directive.Effect;
import dev.sabaody.kv.server.config.Directive.Flag;
import dev.sabaody.kv.server.config.ValueType.BadValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration as it is now, and CONFIG SET: every thread reads {@link #current()}, a volatile
 * {@link ServerConfig} snapshot, at the moment it uses a value (the cron reads hz each time it
 * reschedules itself, a new connection reads maxclients), so a change needs no message to any loop.
 *
 * <p>CONFIG SET follows config.c's configSetCommand, all or nothing:
 * <pre>
 *   1. check every pair: known? settable (not immutable, not protected)? named twice?
 *   2. parse every value into a new snapshot (a bad value: nothing changed)
 *   3. publish the snapshot, then run each changed directive's applier once
 *   4. an applier fails: publish the old snapshot, re-run the appliers already run, report it
 * </pre>
 * An applier is what a value needs beyond being read at use time (maxclients checks the open-file
 * limit, loglevel tells the log). Writers are serialised; readers never wait.
 */
public final class LiveConfig {

    /** Puts a directive's new value into effect; throws {@link BadValue} with Redis's words to refuse it. */
    @FunctionalInterface
    public interface Applier {
        void apply(ServerConfig now);
    }

    private volatile ServerConfig current;
    private final Map<String, Applier> appliers = new HashMap<>();

    public LiveConfig(ServerConfig initial) {
        this.current = initial;
    }

    public ServerConfig current() {
        return current;
    }

    /** Registers what applies {@code name} (a primary name) after CONFIG SET changed it. */
    public synchronized void onChange(String name, Applier applier) {
        appliers.put(Directives.lookup(name).name(), applier);
    }

    /**
     * CONFIG SET name value [name value ...].
     *
     * @param pairs            names and values, alternating, as the client sent them
     * @param protectedAllowed whether this client may set PROTECTED directives (enable-protected-configs)
     * @return null on success, else the error reply without its "ERR " prefix, as Redis words it
     */
    public synchronized String set(List<String> pairs, boolean protectedAllowed) {
        List<Directive> directives = new ArrayList<>();
        String unknown = null;
        String failed = null;
        String why = null;
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            String asked = pairs.get(i);
            Directive d = Directives.lookup(asked);
            if (d == null) {
                if (unknown == null && failed == null) {
                    unknown = asked;
                }
                continue;
            }
            if (unknown != null || failed != null) {
                continue; // Redis goes on only to redact secrets from the command's logs
            }
            if (d.has(Flag.IMMUTABLE) || (d.has(Flag.PROTECTED) && !protectedAllowed)) {
                failed = asked;
                why = d.has(Flag.IMMUTABLE) ? "can't set immutable config" : "can't set protected config";
                continue;
            }
            if (directives.contains(d)) {
                failed = asked;
                why = "duplicate parameter";
                continue;
            }
            directives.add(d);
        }
        if (unknown != null) {
            return "Unknown option or number of arguments for CONFIG SET - '" + unknown + "'";
        }
        if (failed != null) {
            return failure(failed, why);
        }

        ServerConfig before = current;
        Map<String, String> values = new LinkedHashMap<>(before.values());
        List<Directive> changed = new ArrayList<>();
        for (int i = 0; i < directives.size(); i++) {
            Directive d = directives.get(i);
            String text = pairs.get(2 * i + 1);
            List<String> args = d.type().multiArg() ? ValueType.splitOnSpaces(text) : List.of(text);
            String value;
            try {
                value = d.type().parse(args, values.get(d.name()));
            } catch (BadValue e) {
                return failure(registeredName(pairs.get(2 * i), d), e.getMessage());
            }
            if (!value.equals(values.put(d.name(), value))) {
                changed.add(d);
            }
        }
        ServerConfig after = before.withValues(values);
        current = after;

        List<Applier> ran = new ArrayList<>();
        for (Directive d : changed) {
            Applier applier = appliers.get(d.name());
            if (applier == null || ran.contains(applier)) {
                continue;
            }
            try {
                applier.apply(after);
                ran.add(applier);
            } catch (BadValue e) {
                Log.warn("Failed applying new configuration. Possibly related to new %s setting. Restoring "
                        + "previous settings.", d.name());
                current = before;
                for (Applier undo : ran) {
                    undo.apply(before);
                }
                return failure(d.name(), e.getMessage());
            }
        }
        for (Directive d : changed) {
            if (d.effect() == Effect.NEXT_START) {
                Log.info("CONFIG SET %s: stored; it takes effect at the next start (CONFIG REWRITE keeps it)",
                        d.name());
            } else if (d.effect() == Effect.NONE) {
                Log.info("CONFIG SET %s: stored and shown, not applied: Sabaody-KV does not act on it yet",
                        d.name());
            }
        }
        return null;
    }

    /** Redis names the directive as registered: the alias when the client used it, in lower case. */
    private static String registeredName(String asked, Directive d) {
        String lower = asked.toLowerCase(java.util.Locale.ROOT);
        return lower.equals(d.alias()) ? d.alias() : d.name();
    }

    private static String failure(String name, String why) {
        return "CONFIG SET failed (possibly related to argument '" + name + "') - " + why;
    }
}
