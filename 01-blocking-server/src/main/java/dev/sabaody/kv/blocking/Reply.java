package dev.sabaody.kv.blocking;

/**
 * What the line protocol answers to one line.
 *
 * @param text       the reply line, without its newline; {@code null} when nothing is to be sent
 *                   (an empty request line gets no answer, as Redis ignores empty inline commands)
 * @param closeAfter whether the server closes the connection once the reply is sent ({@code QUIT})
 */
public record Reply(String text, boolean closeAfter) {

    static final Reply NONE = new Reply(null, false);

    static Reply of(String text) {
        return new Reply(text, false);
    }

    static Reply error(String message) {
        return new Reply("ERR " + message, false);
    }
}
