package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.EventLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time as INFO's CPU section reports it (Redis: getrusage of the process, its children and its
 * main thread). The process's and its children's come from /proc/self/stat (utime, stime, cutime,
 * cstime, in clock ticks); where there is no /proc, the JVM's process CPU time counts as user time.
 * Sabaody-KV has a main thread per shard: the loops' user and system time, from the JVM's per-thread
 * counters, stand for Redis's main thread.
 */
record ProcessCpu(long userNanos, long sysNanos, long childrenUserNanos, long childrenSysNanos,
                  long loopsUserNanos, long loopsSysNanos) {

    /** USER_HZ: the unit of /proc's times, 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    private static final long CLK_TCK = 100;

    static ProcessCpu read(List<EventLoop> loops) {
        long user = 0;
        long sys = 0;
        long cuser = 0;
        long csys = 0;
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long tick = 1_000_000_000L / CLK_TCK;
            user = Long.parseLong(f[11]) * tick;
            sys = Long.parseLong(f[12]) * tick;
            cuser = Long.parseLong(f[13]) * tick;
            csys = Long.parseLong(f[14]) * tick;
        } catch (java.io.IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                user = Math.max(0, os.getProcessCpuTime());
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long loopUser = 0;
        long loopCpu = 0;
        for (EventLoop loop : loops) {
            long id = loop.threadId();
            if (id < 0) {
                continue;
            }
            long u = threads.getThreadUserTime(id);
            long c = threads.getThreadCpuTime(id);
            if (u >= 0 && c >= 0) {
                loopUser += u;
                loopCpu += c;
            }
        }
        return new ProcessCpu(user, sys, cuser, csys, loopUser, Math.max(0, loopCpu - loopUser));
    }
}
