package dev.sabaody.kv.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How ACL LIST and ACL GETUSER describe a {@link Selector} (acl.c ACLDescribeSelector): its key
 * patterns, its channel patterns, and its command rules rebuilt from the bit set as Redis 7.0
 * rebuilds them, so that applying the description to a new selector gives the same permissions
 * ({@code SelectorPropertyTest}).
 */
final class SelectorDescription {

    private SelectorDescription() {
    }

    /** Keys, channels and commands as ACL LIST shows them, e.g. {@code ~* &* +@all}. */
    static String describe(Selector s, CommandTable<?> table) {
        StringBuilder out = new StringBuilder();
        if (s.allKeys) {
            out.append("~* ");
        } else {
            for (Selector.KeyPattern p : s.patterns) {
                out.append(p.describe()).append(' ');
            }
        }
        if (s.allChannels) {
            out.append("&* ");
        } else {
            out.append("resetchannels ");
            for (String c : s.channels) {
                out.append('&').append(c).append(' ');
            }
        }
        out.append(commands(s, table));
        return out.toString();
    }

    /** ACL GETUSER's "keys": the s.patterns, space separated. */
    static String keys(Selector s) {
        if (s.allKeys) {
            return "~*";
        }
        StringBuilder out = new StringBuilder();
        for (Selector.KeyPattern p : s.patterns) {
            out.append(out.isEmpty() ? "" : " ").append(p.describe());
        }
        return out.toString();
    }

    /** ACL GETUSER's "s.channels". */
    static String channels(Selector s) {
        if (s.allChannels) {
            return "&*";
        }
        StringBuilder out = new StringBuilder();
        for (String c : s.channels) {
            out.append(out.isEmpty() ? "&" : " &").append(c);
        }
        return out.toString();
    }

    /**
     * ACLDescribeSelectorCommandRules as Redis 7.0 writes it: start from {@code +@all} or
     * {@code -@all}; then, while some category has more commands in agreement with the bit set
     * than against it, apply the one with the fewest differences; then single commands fix what
     * the categories left wrong, and first arguments come last. Redis walks its command dict, whose
     * order changes from one process to the next; here the order is the table's.
     */
    static String commands(Selector s, CommandTable<?> table) {
        StringBuilder rules = new StringBuilder();
        boolean additive = !s.futureCommands;
        Selector fake = new Selector(false, table.aclIds(), false);
        Selector temp = new Selector(false, table.aclIds(), false);
        temp.commands = s.commands.clone();
        List<CommandSpec<?>> specs = new ArrayList<>(table.withSubcommands());
        if (additive) {
            rules.append("-@all ");
        } else {
            rules.append("+@all ");
            Arrays.fill(fake.commands, -1L);
        }
        boolean[] applied = new boolean[AclCategory.values().length];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (AclCategory category : AclCategory.values()) {
                if (applied[category.ordinal()]) {
                    continue;
                }
                long on = 0;
                long off = 0;
                for (CommandSpec<?> spec : specs) {
                    if (spec.categories().contains(category)) {
                        if (temp.bit(spec.aclId())) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = category.ordinal();
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best < 0) {
                break;
            }
            AclCategory category = AclCategory.values()[best];
            for (CommandSpec<?> spec : specs) {
                if (spec.categories().contains(category)) {
                    fake.change(spec, additive);
                    temp.change(spec, !additive);
                }
            }
            rules.append(additive ? "+@" : "-@").append(category.name().toLowerCase(Locale.ROOT)).append(' ');
            applied[best] = true;
        }
        for (CommandSpec<?> spec : table.all()) {
            single(s, spec, fake, rules);
            for (CommandSpec<?> sub : spec.subcommands()) {
                single(s, sub, fake, rules);
            }
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private static void single(Selector s, CommandSpec<?> spec, Selector fake, StringBuilder rules) {
        boolean mine = s.bit(spec.aclId());
        if (mine != fake.bit(spec.aclId())) {
            rules.append(mine ? '+' : '-').append(spec.fullName()).append(' ');
            fake.change(spec, mine);
        }
        if (!mine && s.firstArgs != null && s.firstArgs.containsKey(spec.aclId())) {
            for (String arg : s.firstArgs.get(spec.aclId())) {
                rules.append('+').append(spec.fullName()).append('|').append(arg).append(' ');
            }
        }
    }
}
