package dev.sabaody.kv.blocking;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The lab's server log: one line per event on standard error, {@code 12:00:01.234 INFO  message}.
 * A server may send the lines elsewhere ({@link #to}) and hide the INFO ones ({@link #showInfo}).
 *
 * <p>Why not {@code java.util.logging}? Its LogManager installs a shutdown hook of its own that closes
 * the handlers while our shutdown hook is still logging the steps of a graceful stop, so the last
 * lines ("stopped") are lost at random. A server's stop is exactly when its log matters most.
 */
public final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** Where lines go: standard error until a server chooses otherwise (final-server's logfile). */
    private static volatile PrintStream out = System.err;
    /** Whether INFO lines are written; WARN lines always are (final-server's loglevel warning turns them off). */
    private static volatile boolean infoShown = true;

    private Log() {
    }

    /** Sends every line from now on to {@code stream}; the caller owns (and closes) both streams. */
    public static void to(PrintStream stream) {
        out = stream;
    }

    /** Shows or hides INFO lines, at once and for every thread (a volatile read per line). */
    public static void showInfo(boolean shown) {
        infoShown = shown;
    }

    public static void info(String format, Object... args) {
        if (infoShown) {
            write("INFO ", format, args);
        }
    }

    public static void warn(String format, Object... args) {
        write("WARN ", format, args);
    }

    private static void write(String level, String format, Object... args) {
        out.println(TIME.format(LocalTime.now()) + " " + level + " " + String.format(format, args));
    }
}
