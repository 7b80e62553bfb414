package dev.sabaody.kv.blocking;

/** The few command-line options the lab's step servers take: {@code --name value} pairs. */
public final class Args {

    private Args() {
    }

    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                return args[i + 1];
            }
        }
        return fallback;
    }

    public static int intOption(String[] args, String name, int fallback) {
        String value = option(args, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, not '" + value + "'");
        }
    }

    /** {@code --port N}: a TCP port, 0 (any free one) to 65535. */
    public static int port(String[] args, int fallback) {
        int port = intOption(args, "--port", fallback);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port takes a port from 0 to 65535, not " + port);
        }
        return port;
    }

    public static boolean flag(String[] args, String name) {
        for (String arg : args) {
            if (arg.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
