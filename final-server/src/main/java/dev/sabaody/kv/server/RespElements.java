package dev.sabaody.kv.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts an encoded RESP array of bulk strings and nulls into the bytes of each element. */
final class RespElements {

    private RespElements() {
    }

    static List<byte[]> ofArray(byte[] reply) {
        int at = lineEnd(reply, 0);
        int count = Integer.parseInt(new String(reply, 1, at - 1, StandardCharsets.US_ASCII));
        at += 2;
        List<byte[]> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = at;
            int end = lineEnd(reply, at) + 2;
            if (reply[start] == '$') {
                int length = Integer.parseInt(new String(reply, start + 1, end - start - 3, StandardCharsets.US_ASCII));
                if (length >= 0) {
                    end += length + 2;
                }
            }
            elements.add(Arrays.copyOfRange(reply, start, end));
            at = end;
        }
        return elements;
    }

    static int lineEnd(byte[] reply, int from) {
        int i = from;
        while (reply[i] != '\r') {
            i++;
        }
        return i;
    }
}
