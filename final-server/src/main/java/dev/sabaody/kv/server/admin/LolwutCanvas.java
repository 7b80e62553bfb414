package dev.sabaody.kv.server.admin;

import java.io.ByteArrayOutputStream;

/**
 * The pixel canvas LOLWUT draws on (Redis's lolwut.c: lwCanvas and its drawing functions), one byte
 * of colour per pixel, top-left at 0,0. Drawing outside the canvas is allowed and draws nothing, so
 * the art can be computed without clipping.
 *
 * <p>The arithmetic follows lolwut.c to the bit: C's {@code float} where Redis keeps a float, C's
 * {@code round} (half away from zero, not Java's half up), so that the same inputs give the same
 * pixels as Redis, and the same bytes once rendered.
 */
final class LolwutCanvas {

    final int width;
    final int height;
    private final byte[] pixels;

    /** lwCreateCanvas: every pixel starts as {@code background}. */
    LolwutCanvas(int width, int height, int background) {
        this.width = width;
        this.height = height;
        this.pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) background);
    }

    /** lwDrawPixel. */
    void draw(int x, int y, int color) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return;
        }
        pixels[x + y * width] = (byte) color;
    }

    /** lwGetPixel: 0 outside the canvas. */
    int get(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return 0;
        }
        return pixels[x + y * width];
    }

    /** lwDrawLine: Bresenham from x1,y1 to x2,y2, both ends included. */
    void line(int x1, int y1, int x2, int y2, int color) {
        int dx = Math.abs(x2 - x1);
        int dy = Math.abs(y2 - y1);
        int sx = x1 < x2 ? 1 : -1;
        int sy = y1 < y2 ? 1 : -1;
        int err = dx - dy;
        while (true) {
            draw(x1, y1, color);
            if (x1 == x2 && y1 == y2) {
                break;
            }
            int e2 = err * 2;
            if (e2 > -dy) {
                err -= dy;
                x1 += sx;
            }
            if (e2 < dx) {
                err += dx;
                y1 += sy;
            }
        }
    }

    /**
     * lwDrawSquare: the four corners lie on a circle (sin k, cos k) from k = PI/4 + angle in steps of
     * PI/2, scaled by the side over SQRT(2). {@code size} and {@code k} stay floats between steps, as
     * in C, and are widened to double for the trigonometry.
     */
    void square(int x, int y, float size, float angle, int color) {
        int[] px = new int[4];
        int[] py = new int[4];
        size = (float) (size / 1.4142135623);
        size = (float) cRound(size);
        float k = (float) (Math.PI / 4 + angle);
        for (int j = 0; j < 4; j++) {
            px[j] = (int) cRound(StrictMath.sin(k) * size + x);
            py[j] = (int) cRound(StrictMath.cos(k) * size + y);
            k = (float) (k + Math.PI / 2);
        }
        for (int j = 0; j < 4; j++) {
            line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
        }
    }

    /** C's round(): halfway cases away from zero (Math.round would take -2.5 to -2, C to -3). */
    static double cRound(double v) {
        double t = (double) (long) v;
        double frac = v - t;
        if (frac >= 0.5) {
            return t + 1;
        }
        if (frac <= -0.5) {
            return t - 1;
        }
        return t;
    }

    /**
     * lolwut5.c's renderCanvas: each 2x4 block of pixels becomes one Braille character (U+2800 plus
     * a dot per lit pixel, bits numbered 0 3 / 1 4 / 2 5 / 6 7), UTF-8 encoded in three bytes. A
     * newline follows every text line unless its first pixel row is the canvas's last, which almost
     * never happens, so the art usually ends with a newline.
     */
    byte[] braille() {
        ByteArrayOutputStream text = new ByteArrayOutputStream((width / 2 + 2) * (height / 4 + 1) * 3);
        for (int y = 0; y < height; y += 4) {
            for (int x = 0; x < width; x += 2) {
                int dots = 0;
                if (get(x, y) != 0) dots |= 1;
                if (get(x, y + 1) != 0) dots |= 1 << 1;
                if (get(x, y + 2) != 0) dots |= 1 << 2;
                if (get(x + 1, y) != 0) dots |= 1 << 3;
                if (get(x + 1, y + 1) != 0) dots |= 1 << 4;
                if (get(x + 1, y + 2) != 0) dots |= 1 << 5;
                if (get(x, y + 3) != 0) dots |= 1 << 6;
                if (get(x + 1, y + 3) != 0) dots |= 1 << 7;
                int code = 0x2800 + dots;
                text.write(0xE0 | (code >> 12));
                text.write(0x80 | ((code >> 6) & 0x3F));
                text.write(0x80 | (code & 0x3F));
            }
            if (y != height - 1) {
                text.write('\n');
            }
        }
        return text.toByteArray();
    }

    /** lolwut6.c's four grays of a colour terminal, foreground and background both set. */
    private static final byte[][] GRAYS = {
        escape("0;30;40m"), escape("0;90;100m"), escape("0;37;47m"), escape("0;97;107m")};

    private static byte[] escape(String color) {
        return ("\033[" + color + " \033[0m").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * lolwut6.c's renderCanvas: one space per pixel, painted with the pixel's gray (0 black to 3
     * white) by an ANSI escape; a newline between rows.
     */
    byte[] grays() {
        ByteArrayOutputStream text = new ByteArrayOutputStream(width * height * GRAYS[1].length + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int color = get(x, y);
                text.writeBytes(GRAYS[color >= 0 && color <= 3 ? color : 0]);
            }
            if (y != height - 1) {
                text.write('\n');
            }
        }
        return text.toByteArray();
    }
}
