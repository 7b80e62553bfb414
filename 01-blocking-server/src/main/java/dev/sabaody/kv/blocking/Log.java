package dev.sabaody.kv.blocking;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The lab's server log: one line per event on standard error, {@code 12:00:01.234 INFO  message}.
 *
 * <p>Why not {@code java.util.logging}? Its LogManager installs a shutdown hook of its own that closes
 * the handlers while our shutdown hook is still logging the steps of a graceful stop, so the last
 * lines ("stopped") are lost at random. A server's stop is exactly when its log matters most.
 */
public final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final PrintStream OUT = System.err;

    private Log() {
    }

    public static void info(String format, Object... args) {
        write("INFO ", format, args);
    }

    public static void warn(String format, Object... args) {
        write("WARN ", format, args);
    }

    private static void write(String level, String format, Object... args) {
        OUT.println(TIME.format(LocalTime.now()) + " " + level + " " + String.format(format, args));
    }
}
