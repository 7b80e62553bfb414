package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.ServerState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * LOLWUT [VERSION v] [art arguments...]: the computer art Redis draws for each major version
 * (lolwut.c, lolwut5.c, lolwut6.c).
 *
 * <ul>
 *   <li>{@code VERSION 5}: Georg Nees's "Schotter" (1968), a grid of squares that tumble more the lower
 *       they sit, drawn on a pixel canvas and printed as Braille characters, 2x4 pixels each.
 *       Arguments: terminal columns (66), squares per row (8), squares per column (12).</li>
 *   <li>{@code VERSION 6}: a city skyline in the four grays of a colour terminal, two rows of
 *       background towers and a row of lit-window towers in front. Arguments: columns (80), rows (20).</li>
 *   <li>anything else, and no VERSION at all (this is 7.0, which has no art of its own): the version
 *       line, as lolwutUnstableCommand prints it.</li>
 * </ul>
 *
 * The version is matched as Redis matches it: formatted with {@code %u} from a C long cast to
 * unsigned int, so {@code VERSION 4294967301} is version 5. The art draws on {@code rand()}, which
 * Redis seeds from the time and pid at start-up, so only the parts no random draw reaches (the first
 * two rows of squares, the sky above the tallest possible tower) are the same from run to run; the
 * rest has Redis's shapes and distributions. The random source is a parameter so that tests can fix it.
 */
final class Lolwut {

    /** glibc's RAND_MAX: rand() returns 0..2^31-1. */
    static final int RAND_MAX = Integer.MAX_VALUE;
    /** lolwut5Command/lolwut6Command's limits: "always reasonably fast and cheap to execute". */
    private static final long MAX_COLUMNS = 1000;
    private static final long MAX_SQUARES = 200;
    private static final long MAX_ROWS = 1000;

    private final IntSupplier rand;

    Lolwut(IntSupplier rand) {
        this.rand = rand;
    }

    /** rand() as glibc's: uniform over 0..RAND_MAX. */
    static IntSupplier systemRand() {
        return () -> ThreadLocalRandom.current().nextInt() & RAND_MAX;
    }

    static <D> CommandSpec.Builder<D> spec(Lolwut lolwut) {
        return CommandSpec.<D>command("lolwut", -1, lolwut::run)
                .flags(CommandFlag.READONLY, CommandFlag.FAST).acl(READ, FAST)
                .doc(CommandDoc.of("Display some computer art and the Redis version", "5.0.0", "server", null,
                        Arg.of("version", "integer").withToken("VERSION").optional()));
    }

    void run(CommandContext<?> ctx) {
        int first = 1; // the art's own arguments start here, after VERSION v when given
        int version = 0;
        if (ctx.argv().argc() >= 3 && ctx.argv().equalsIgnoreCase(1, "version")) {
            if (!ctx.argv().parseLong(2)) {
                ctx.reply().error("value is not an integer or out of range");
                return;
            }
            version = (int) ctx.argv().parsedLong(); // (unsigned int)ver: only the low 32 bits count
            first = 3;
        }
        byte[] art = switch (version) {
            case 5 -> schotter(ctx, first);
            case 6 -> skyline(ctx, first);
            default -> ("Redis ver. " + ServerState.REDIS_VERSION + "\n").getBytes(StandardCharsets.US_ASCII);
        };
        if (art != null) {
            ctx.reply().verbatim("txt", art);
        }
    }

    /**
     * Reads the art's numeric arguments in order over their defaults, as getLongFromObjectOrReply
     * does; null (with the error replied) at the first that is not an integer.
     */
    private static long[] arguments(CommandContext<?> ctx, int first, long... defaults) {
        for (int i = 0; i < defaults.length && first + i < ctx.argv().argc(); i++) {
            if (!ctx.argv().parseLong(first + i)) {
                ctx.reply().error("value is not an integer or out of range");
                return null;
            }
            defaults[i] = ctx.argv().parsedLong();
        }
        return defaults;
    }

    private static long clamp(long value, long max) {
        return Math.max(1, Math.min(max, value));
    }

    // ---------------------------------------------------------------- version 5: Schotter

    private byte[] schotter(CommandContext<?> ctx, int first) {
        long[] args = arguments(ctx, first, 66, 8, 12);
        if (args == null) {
            return null;
        }
        LolwutCanvas canvas = drawSchotter((int) clamp(args[0], MAX_COLUMNS), (int) clamp(args[1], MAX_SQUARES),
                (int) clamp(args[2], MAX_SQUARES));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(canvas.braille());
        out.writeBytes(("\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " + ServerState.REDIS_VERSION
                + "\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * lwDrawSchotter: the first two rows of squares stand straight; from the third on, each is turned
     * and shifted by up to y/rows of a radian and of a third of its side, in a random direction.
     */
    LolwutCanvas drawSchotter(int consoleCols, int squaresPerRow, int squaresPerCol) {
        int canvasWidth = consoleCols * 2;
        int padding = canvasWidth > 4 ? 2 : 0;
        float squareSide = (float) (canvasWidth - padding * 2) / squaresPerRow;
        int canvasHeight = (int) (squareSide * squaresPerCol + padding * 2);
        LolwutCanvas canvas = new LolwutCanvas(canvasWidth, canvasHeight, 0);
        for (int y = 0; y < squaresPerCol; y++) {
            for (int x = 0; x < squaresPerRow; x++) {
                int sx = (int) (x * squareSide + squareSide / 2 + padding);
                int sy = (int) (y * squareSide + squareSide / 2 + padding);
                float angle = 0;
                if (y > 1) {
                    float r1 = (float) rand.getAsInt() / (float) RAND_MAX / squaresPerCol * y;
                    float r2 = (float) rand.getAsInt() / (float) RAND_MAX / squaresPerCol * y;
                    float r3 = (float) rand.getAsInt() / (float) RAND_MAX / squaresPerCol * y;
                    if (rand.getAsInt() % 2 != 0) r1 = -r1;
                    if (rand.getAsInt() % 2 != 0) r2 = -r2;
                    if (rand.getAsInt() % 2 != 0) r3 = -r3;
                    angle = r1;
                    sx = (int) (sx + r2 * squareSide / 3);
                    sy = (int) (sy + r3 * squareSide / 3);
                }
                canvas.square(sx, sy, squareSide, angle, 1);
            }
        }
        return canvas;
    }

    // ---------------------------------------------------------------- version 6: the skyline

    private byte[] skyline(CommandContext<?> ctx, int first) {
        long[] args = arguments(ctx, first, 80, 20);
        if (args == null) {
            return null;
        }
        LolwutCanvas canvas = new LolwutCanvas((int) clamp(args[0], MAX_COLUMNS), (int) clamp(args[1], MAX_ROWS), 3);
        drawSkyline(canvas);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(canvas.grays());
        out.writeBytes(("\nDedicated to the 8 bit game developers of past and present.\n"
                + "Original 8 bit image from Plaguemon by hikikomori. Redis ver. " + ServerState.REDIS_VERSION + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * generateSkyline: the light gray towers first and the darker ones over them (so the lighter stay
     * behind), without windows; then the black towers in front, with windows. Heights are in terminal
     * rows from the bottom; C's integer division and {@code %} bind as written there
     * ({@code h/2 + rand()%h/2} is {@code h/2 + (rand()%h)/2}).
     */
    void drawSkyline(LolwutCanvas canvas) {
        int h = canvas.height;
        for (int color = 2; color >= 1; color--) {
            for (int offset = -10; offset < canvas.width; ) {
                offset += rand.getAsInt() % 8;
                int width = 10 + rand.getAsInt() % 9;
                int height = color == 2 ? h / 2 + rand.getAsInt() % h / 2 : h / 2 + rand.getAsInt() % h / 3;
                tower(canvas, offset, width, height, false, color);
                offset += color == 2 ? width / 2 : width + 1;
            }
        }
        for (int offset = -10; offset < canvas.width; ) {
            offset += rand.getAsInt() % 8;
            int width = 5 + rand.getAsInt() % 14;
            if (width % 4 != 0) {
                width += width % 3;
            }
            int height = h / 3 + rand.getAsInt() % h / 2;
            tower(canvas, offset, width, height, true, 0);
            offset += width + 5;
        }
    }

    /**
     * generateSkyscraper: a tower standing on the bottom row, its roof two pixels narrower on each
     * side; windows, when drawn, are two pixels wide and one tall (a terminal cell is twice as tall as
     * wide), each a random gray other than the wall's.
     */
    private void tower(LolwutCanvas canvas, int xoff, int width, int height, boolean windows, int wall) {
        int starty = canvas.height - 1;
        int endy = starty - height + 1;
        for (int y = starty; y >= endy; y--) {
            for (int x = xoff; x < xoff + width; x++) {
                if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) {
                    continue;
                }
                int color = wall;
                if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
                    int relx = x - (xoff + 1);
                    int rely = y - (endy + 1);
                    if ((relx / 2) % 2 != 0 && rely % 2 != 0) {
                        do {
                            color = 1 + rand.getAsInt() % 2;
                        } while (color == wall);
                        if (relx % 2 != 0) {
                            color = canvas.get(x - 1, y); // both pixels of a window share its gray
                        }
                    }
                }
                canvas.draw(x, y, color);
            }
        }
    }
}
