package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.SlicedCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * LATENCY LATEST | HISTORY | RESET | GRAPH | DOCTOR | HISTOGRAM | HELP, as latency.c answers them.
 *
 * <p>HISTOGRAM reads every shard's per-command histograms, so it is a {@link SlicedCommand}: its part
 * copies one shard's figures on the shard's own thread. Redis tips it {@code request_policy:all_nodes}
 * (each node of a cluster answers for itself); the shards here are one node, which answers once
 * for all of them.
 */
final class LatencyCommand {

    private LatencyCommand() {
    }

    static <D> CommandSpec.Builder<D> spec(Admin admin) {
        LatencyMonitor monitor = admin.latencyMonitor;
        return CommandSpec.<D>container("latency", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for latency diagnostics commands", "2.8.13", "server",
                        "Depends on subcommand."))
                .subcommand(sub("doctor", 2, ctx -> doctor(ctx, admin), "Return a human readable latency analysis report.",
                        "2.8.13", "O(1)", "nondeterministic_output", "request_policy:all_nodes", "response_policy:special"))
                .subcommand(CommandSpec.<D>command("help", 2, LatencyCommand::help)
                        .flags(LOADING, STALE).acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands.", "2.8.13", "server",
                                "O(1)")))
                .subcommand(CommandSpec.<D>command("histogram", -2, new HistogramPart<D>(admin))
                        .flags(CommandFlag.ADMIN, NOSCRIPT, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS)
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                        .doc(CommandDoc.of("Return the cumulative distribution of latencies of a subset of commands or all.",
                                "7.0.0", "server", "O(N) where N is the number of commands with latency information being retrieved.",
                                Arg.of("command", "string").optional().multiple())))
                .subcommand(sub("history", 3, ctx -> history(ctx, monitor),
                        "Return timestamp-latency samples for the event.", "2.8.13", "O(1)",
                        "nondeterministic_output", "request_policy:all_nodes", "response_policy:special"))
                .subcommand(sub("graph", 3, ctx -> graph(ctx, monitor), "Return a latency graph for the event.",
                        "2.8.13", "O(1)", "nondeterministic_output", "request_policy:all_nodes", "response_policy:special"))
                .subcommand(sub("reset", -2, ctx -> reset(ctx, monitor), "Reset latency data for one or more events.",
                        "2.8.13", "O(1)", "request_policy:all_nodes", "response_policy:all_succeeded"))
                .subcommand(sub("latest", 2, ctx -> latest(ctx, monitor), "Return the latest latency samples for all events.",
                        "2.8.13", "O(1)", "nondeterministic_output", "request_policy:all_nodes", "response_policy:special"));
    }

    private static <D> CommandSpec.Builder<D> sub(String name, int arity, dev.sabaody.kv.resp.Command<D> impl,
                                                  String summary, String since, String complexity, String... tips) {
        Arg[] args = switch (name) {
            case "history", "graph" -> new Arg[] {Arg.of("event", "string")};
            case "reset" -> new Arg[] {Arg.of("event", "string").optional().multiple()};
            default -> new Arg[0];
        };
        return CommandSpec.<D>command(name, arity, impl)
                .flags(CommandFlag.ADMIN, NOSCRIPT, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS)
                .tips(tips)
                .doc(CommandDoc.of(summary, since, "server", complexity, args));
    }

    private static void latest(CommandContext<?> ctx, LatencyMonitor monitor) {
        Map<String, LatencyMonitor.Series> events = monitor.events();
        RespEncoder reply = ctx.reply();
        reply.arrayHeader(events.size());
        events.forEach((event, ts) -> {
            LatencyMonitor.Sample last = ts.last();
            reply.arrayHeader(4);
            reply.bulkString(event);
            reply.integer(last.unixSeconds());
            reply.integer(last.millis());
            reply.integer(ts.max);
        });
    }

    private static void history(CommandContext<?> ctx, LatencyMonitor monitor) {
        LatencyMonitor.Series ts = monitor.events().get(ctx.argv().string(2));
        RespEncoder reply = ctx.reply();
        if (ts == null) {
            reply.arrayHeader(0);
            return;
        }
        List<LatencyMonitor.Sample> samples = ts.samples();
        reply.arrayHeader(samples.size());
        for (LatencyMonitor.Sample s : samples) {
            reply.arrayHeader(2);
            reply.integer(s.unixSeconds());
            reply.integer(s.millis());
        }
    }

    private static void graph(CommandContext<?> ctx, LatencyMonitor monitor) {
        String event = ctx.argv().string(2);
        LatencyMonitor.Series ts = monitor.events().get(event);
        if (ts == null) {
            ctx.reply().error("No samples available for event '" + event + "'");
            return;
        }
        String graph = LatencyGraph.render(event, ts, ctx.clock().currentTimeMillis() / 1000);
        ctx.reply().verbatim("txt", graph.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void reset(CommandContext<?> ctx, LatencyMonitor monitor) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < ctx.argv().argc(); i++) {
            names.add(ctx.argv().string(i));
        }
        ctx.reply().integer(monitor.reset(names));
    }

    /**
     * latencyCommandGenReport, in short: the refusal when the monitor is off, the all-clear when
     * nothing crossed the threshold, else one line per event with its figures.
     */
    private static void doctor(CommandContext<?> ctx, Admin admin) {
        Map<String, LatencyMonitor.Series> events = admin.latencyMonitor.events();
        StringBuilder report = new StringBuilder();
        if (admin.settings.latencyThresholdMillis == 0 && events.isEmpty()) {
            report.append("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. "
                    + "You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
                    + "If we weren't in a deep space mission I'd suggest to take a look at "
                    + "https://redis.io/topics/latency-monitor.\n");
        } else if (events.isEmpty()) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in "
                    + "the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and "
                    + "think things over.\n");
        } else {
            report.append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking "
                    + "about it, do you Dave?\n\n");
            int n = 1;
            for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
                List<LatencyMonitor.Sample> samples = e.getValue().samples();
                long sum = 0;
                for (LatencyMonitor.Sample s : samples) {
                    sum += s.millis();
                }
                long avg = samples.isEmpty() ? 0 : sum / samples.size();
                long dev = 0;
                for (LatencyMonitor.Sample s : samples) {
                    dev += Math.abs(s.millis() - avg);
                }
                dev = samples.isEmpty() ? 0 : dev / samples.size();
                double period = samples.size() < 2 ? 0
                        : (double) (samples.getLast().unixSeconds() - samples.getFirst().unixSeconds()) / (samples.size() - 1);
                report.append(n++).append(". ").append(e.getKey()).append(": ").append(samples.size())
                        .append(" latency spikes (average ").append(avg).append("ms, mean deviation ").append(dev)
                        .append("ms, period ").append(String.format(java.util.Locale.ROOT, "%.2f", period))
                        .append(" sec). Worst all time event ").append(e.getValue().max).append("ms.\n");
            }
            report.append("\nI have a few advices for you:\n\n- Check your commands: SLOWLOG GET shows the slowest, "
                    + "INFO commandstats where the time goes.\n");
        }
        ctx.reply().verbatim("txt", report.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("LATENCY",
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
                "    If no commands are specified then all histograms are replied.");
    }

    /** LATENCY HISTOGRAM [command ...]: each shard's histograms, merged, as latencyAllCommandsFillCDF writes them. */
    private static final class HistogramPart<D> implements SlicedCommand<D, CommandStats.Snapshot> {
        private final Admin admin;

        HistogramPart(Admin admin) {
            this.admin = admin;
        }

        @Override
        public CommandStats.Snapshot part(CommandContext<? extends D> ctx) {
            return ((CommandStats) ctx.server().observer()).snapshot();
        }

        @Override
        public void answer(CommandContext<? extends D> ctx, List<CommandStats.Snapshot> parts) {
            CommandStats.Snapshot all = admin.coordinatorSnapshot(ctx.server().slices());
            for (CommandStats.Snapshot part : parts) {
                all.plus(part);
            }
            Map<String, Histogram> latency = all.latency();
            Argv argv = ctx.argv();
            List<String> names = new ArrayList<>();
            if (argv.argc() == 2) {
                latency.forEach((name, h) -> {
                    if (h.getTotalCount() > 0) {
                        names.add(name);
                    }
                });
            } else {
                // latencySpecificCommandsFillCDF: a name that is no command, or has no histogram, is left out;
                // a container names each of its subcommands
                java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
                for (int i = 2; i < argv.argc(); i++) {
                    CommandSpec<? extends D> spec = ctx.commands().byName(argv.string(i));
                    if (spec == null) {
                        continue;
                    }
                    if (spec.subcommands().isEmpty()) {
                        wanted.add(spec.fullName());
                    } else {
                        for (CommandSpec<? extends D> sub : spec.subcommands()) {
                            wanted.add(sub.fullName());
                        }
                    }
                }
                for (String name : wanted) {
                    Histogram h = latency.get(name);
                    if (h != null && h.getTotalCount() > 0) {
                        names.add(name);
                    }
                }
            }
            RespEncoder reply = ctx.reply();
            reply.mapHeader(names.size());
            for (String name : names) {
                Histogram h = latency.get(name);
                reply.bulkString(name);
                reply.mapHeader(2);
                reply.bulkString("calls");
                reply.integer(h.getTotalCount());
                reply.bulkString("histogram_usec");
                List<long[]> buckets = new ArrayList<>();
                long previous = 0;
                for (HistogramIterationValue v : h.logarithmicBucketValues(1024, 2)) {
                    long cumulative = v.getTotalCountToThisValue();
                    if (cumulative > previous) {
                        buckets.add(new long[] {v.getValueIteratedTo() / 1000, cumulative});
                    }
                    previous = cumulative;
                    if (cumulative == h.getTotalCount()) {
                        break;
                    }
                }
                reply.mapHeader(buckets.size());
                for (long[] b : buckets) {
                    reply.integer(b[0]);
                    reply.integer(b[1]);
                }
            }
        }
    }
}
