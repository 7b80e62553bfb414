package dev.sabaody.kv.aof;

import java.util.List;

/** Load lines collected for a test to read, notices and warnings alike. */
final class Lines {

    private Lines() {
    }

    static AofLoad.Lines into(List<String> lines) {
        return new AofLoad.Lines() {
            @Override
            public void notice(String line) {
                lines.add(line);
            }

            @Override
            public void warning(String line) {
                lines.add(line);
            }
        };
    }
}
