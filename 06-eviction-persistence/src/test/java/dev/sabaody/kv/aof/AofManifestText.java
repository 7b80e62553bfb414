package dev.sabaody.kv.aof;

import dev.sabaody.kv.resp.Words;
import java.nio.charset.StandardCharsets;

/** A name as a manifest line holds it: quoted as sdscatrepr quotes it, whether it needs it or not. */
final class AofManifestText {

    private AofManifestText() {
    }

    static String quoted(String name) {
        return Words.repr(name.getBytes(StandardCharsets.ISO_8859_1));
    }
}
