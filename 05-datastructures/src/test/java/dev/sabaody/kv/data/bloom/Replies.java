package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.resp.RespFrames;

/**
 * Sends commands to a server and gives back its replies escaped ({@code :1\r\n}), for the RedisBloom
 * commands, which have no redis-server to compare with: the expected replies are written out from
 * RedisBloom's documentation and source (rebloom.c, rm_cms.c).
 */
public final class Replies {

    private Replies() {
    }

    /** The escaped replies to {@code commands}, sent on one new connection. */
    public static String of(int port, String[]... commands) {
        DifferentialHarness.Answer answer = DifferentialHarness.ask(port, Case.commands("request", commands));
        if (answer.timedOut()) {
            throw new AssertionError("fewer replies than commands: " + RespFrames.escape(answer.bytes()));
        }
        return RespFrames.escape(answer.bytes());
    }

    /** The reply to FLUSHALL followed by the replies to {@code commands}, with FLUSHALL's "+OK" removed. */
    public static String fresh(int port, String[]... commands) {
        String[][] all = new String[commands.length + 1][];
        all[0] = new String[] {"FLUSHALL"};
        System.arraycopy(commands, 0, all, 1, commands.length);
        String replies = of(port, all);
        if (!replies.startsWith("+OK\\r\\n")) {
            throw new AssertionError("FLUSHALL failed: " + replies);
        }
        return replies.substring("+OK\\r\\n".length());
    }
}
