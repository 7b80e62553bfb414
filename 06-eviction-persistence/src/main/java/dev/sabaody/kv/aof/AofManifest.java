package dev.sabaody.kv.aof;

import dev.sabaody.kv.resp.Words;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The AOF manifest of Redis 7.0 (aof.c: aofManifest, aofLoadManifestFromFile,
 * getAofManifestAsString): which files make up the append-only log, and in which order to read them.
 *
 * <pre>
 *   file appendonly.aof.2.base.rdb seq 2 type b      the snapshot the log starts from (at most one)
 *   file appendonly.aof.1.incr.aof seq 1 type h      history: rewritten away, deleted soon
 *   file appendonly.aof.2.incr.aof seq 2 type i      writes since the base, read in this order
 *   file appendonly.aof.3.incr.aof seq 3 type i
 * </pre>
 *
 * <h2>Why a manifest</h2>
 * Before 7.0 a rewrite had to copy the writes made during it into the new file before renaming it
 * over the old one: the parent buffered them in memory and piped them to the child. With a manifest
 * the writes simply go to a new incr file the moment the rewrite starts; when the new base is ready,
 * one atomic rename of the manifest switches the log to "new base + the incr files since". The
 * rename of this small text file is the commit point of a rewrite.
 *
 * <h2>The rules of the text</h2>
 * Each line is split as {@code sdssplitargs} splits it (quotes, {@code \xNN} escapes), key/value pairs
 * in any order, keys case-insensitive, unknown keys ignored (forward compatibility), at least six
 * words and an even count. {@code #} lines are comments. A sequence of 0 or a missing key is an
 * invalid line; incr sequences must grow strictly; a second base is refused. Each refusal carries
 * Redis's own text ({@link AofManifestException}). Written back, the base comes first, then history,
 * then incr files, each line as {@code aofInfoFormat} writes it, the name quoted only when it needs
 * to be ({@code sdsneedsrepr}).
 *
 * <p>An immutable value: a change (a new incr file, a new base) returns a new manifest, which the
 * caller persists ({@link AofDir#persist}) before it starts using it, as Redis dups its manifest,
 * changes the copy and swaps it in only once it is on disk ({@code aofManifestDup}).
 */
public final class AofManifest {

    /** aof.c MANIFEST_MAX_LINE: longer lines are refused. */
    static final int MANIFEST_MAX_LINE = 1024;

    /** A file's role; its letter is what the manifest holds (AOF_FILE_TYPE_BASE/HIST/INCR, server.h). */
    public enum Type {
        BASE('b'), HISTORY('h'), INCR('i');

        final char letter;

        Type(char letter) {
            this.letter = letter;
        }

        static Type of(byte letter) {
            for (Type t : values()) {
                if (t.letter == letter) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One line: a file name (no path), its sequence number, its role (aofInfo). */
    public record File(String name, long seq, Type type) {

        File as(Type other) {
            return new File(name, seq, other);
        }
    }

    private static final AofManifest EMPTY = new AofManifest(null, List.of(), List.of(), 0, 0);

    private final File base;
    private final List<File> history;
    private final List<File> incrs;
    /** The last base sequence handed out: the next base is one more (curr_base_file_seq). */
    private final long baseSeq;
    /** The last incr sequence handed out (curr_incr_file_seq). */
    private final long incrSeq;

    private AofManifest(File base, List<File> history, List<File> incrs, long baseSeq, long incrSeq) {
        this.base = base;
        this.history = List.copyOf(history);
        this.incrs = List.copyOf(incrs);
        this.baseSeq = baseSeq;
        this.incrSeq = incrSeq;
    }

    /** No file at all: a first start, or a directory without a manifest. */
    public static AofManifest empty() {
        return EMPTY;
    }

    /** The base file, or null. */
    public File base() {
        return base;
    }

    public List<File> history() {
        return history;
    }

    public List<File> incrs() {
        return incrs;
    }

    /** The incr file new writes are appended to, or null when there is none yet. */
    public File lastIncr() {
        return incrs.isEmpty() ? null : incrs.getLast();
    }

    /** Whether there is anything to load (a base or an incr file). */
    public boolean isEmpty() {
        return base == null && incrs.isEmpty();
    }

    /** The base then the incr files: what a load reads, in order. */
    public List<File> loadOrder() {
        List<File> files = new ArrayList<>(incrs.size() + 1);
        if (base != null) {
            files.add(base);
        }
        files.addAll(incrs);
        return files;
    }

    // ---------------------------------------------------------------- changes

    /**
     * With a new incr file {@code <appendfilename>.<seq+1>.incr.aof} at the end (getNewIncrAofName):
     * what a rewrite opens when it starts, and what a start with no incr file opens.
     */
    public AofManifest withNewIncr(String appendfilename) {
        long seq = incrSeq + 1;
        List<File> more = new ArrayList<>(incrs);
        more.add(new File(AofDir.incrName(appendfilename, seq), seq, Type.INCR));
        return new AofManifest(base, history, more, baseSeq, seq);
    }

    /**
     * With a new base {@code <appendfilename>.<seq+1>.base.rdb|aof}, the old base moved to the head
     * of the history (getNewBaseFileNameAndMarkPreAsHistory): the first step of a rewrite's end.
     */
    public AofManifest withNewBase(String appendfilename, boolean rdbPreamble) {
        long seq = baseSeq + 1;
        List<File> hist = new ArrayList<>(history.size() + 1);
        if (base != null) {
            hist.add(base.as(Type.HISTORY));
        }
        hist.addAll(history);
        File next = new File(AofDir.baseName(appendfilename, seq, rdbPreamble), seq, Type.BASE);
        return new AofManifest(next, hist, incrs, seq, incrSeq);
    }

    /**
     * With the incr files a rewrite has folded into its base moved to history
     * (markRewrittenIncrAofAsHistory): all of them, except the last one when {@code keepLast}, the
     * file the log is appending to (AOF on). They go to the head of the history, in their order.
     */
    public AofManifest withRewrittenIncrsAsHistory(boolean keepLast) {
        int keep = keepLast && !incrs.isEmpty() ? 1 : 0;
        List<File> moved = incrs.subList(0, incrs.size() - keep);
        List<File> hist = new ArrayList<>(history.size() + moved.size());
        for (File f : moved) {
            hist.add(f.as(Type.HISTORY));
        }
        hist.addAll(history);
        return new AofManifest(base, hist, incrs.subList(incrs.size() - keep, incrs.size()), baseSeq, incrSeq);
    }

    /** Without history entries: after their files were deleted (aofDelHistoryFiles). */
    public AofManifest withoutHistory() {
        return new AofManifest(base, List.of(), incrs, baseSeq, incrSeq);
    }

    /**
     * A manifest naming only {@code name} as its base, sequence 1: the old single-file AOF adopted
     * into the directory (aofUpgradePrepare).
     */
    static AofManifest upgraded(String name) {
        return new AofManifest(new File(name, 1, Type.BASE), List.of(), List.of(), 1, 0);
    }

    // ---------------------------------------------------------------- text

    /** The manifest as Redis writes it (getAofManifestAsString): base, history, incr, one line each. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (base != null) {
            line(out, base);
        }
        history.forEach(f -> line(out, f));
        incrs.forEach(f -> line(out, f));
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.ISO_8859_1);
    }

    /** aofInfoFormat: {@code file <name> seq <n> type <c>\n}, the name quoted only if it needs it. */
    private static void line(ByteArrayOutputStream out, File f) {
        byte[] name = f.name.getBytes(StandardCharsets.ISO_8859_1);
        String shown = Words.needsRepr(name) ? Words.repr(name) : f.name;
        out.writeBytes(("file " + shown + " seq " + f.seq + " type " + f.type.letter + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads a manifest's bytes as aofLoadManifestFromFile does, with its checks and its texts. Names
     * are kept one char per byte (ISO-8859-1), so any byte a name holds is written back unchanged.
     */
    public static AofManifest parse(byte[] text) throws AofManifestException {
        File base = null;
        List<File> history = new ArrayList<>();
        List<File> incrs = new ArrayList<>();
        long baseSeq = 0;
        long maxSeq = 0;
        int lineNumber = 0;
        int at = 0;
        while (true) {
            if (at == text.length) {
                if (lineNumber == 0) {
                    throw new AofManifestException("Found an empty AOF manifest", 0, null);
                }
                break;
            }
            // fgets(buf, MANIFEST_MAX_LINE + 1): up to and including '\n', at most 1024 bytes
            int end = at;
            while (end < text.length && end - at < MANIFEST_MAX_LINE && text[end] != '\n') {
                end++;
            }
            boolean newline = end < text.length && text[end] == '\n' && end - at < MANIFEST_MAX_LINE;
            byte[] raw = Arrays.copyOfRange(text, at, newline ? end + 1 : end);
            at = newline ? end + 1 : end;
            lineNumber++;
            if (raw.length > 0 && raw[0] == '#') {
                continue; // a comment
            }
            if (!newline) {
                // a last line without its newline counts as too long, as in Redis
                throw new AofManifestException("The AOF manifest file contains too long line", 0, null);
            }
            String line = trim(raw);
            if (line.isEmpty()) {
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            List<byte[]> argv = Words.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) { // < 6: newer keys may follow
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            String name = null;
            long seq = 0;
            byte letter = 0;
            for (int i = 0; i < argv.size(); i += 2) {
                String key = new String(argv.get(i), StandardCharsets.ISO_8859_1);
                byte[] value = argv.get(i + 1);
                if (key.equalsIgnoreCase("file")) {
                    name = new String(value, StandardCharsets.ISO_8859_1);
                    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) { // pathIsBaseName
                        throw new AofManifestException("File can't be a path, just a filename", lineNumber, line);
                    }
                } else if (key.equalsIgnoreCase("seq")) {
                    seq = atoll(value);
                } else if (key.equalsIgnoreCase("type")) {
                    letter = value.length > 0 ? value[0] : 0;
                }
            }
            if (name == null || seq == 0 || letter == 0) {
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, line);
            }
            Type type = Type.of(letter);
            if (type == null) {
                throw new AofManifestException("Unknown AOF file type", lineNumber, line);
            }
            File f = new File(name, seq, type);
            switch (type) {
                case BASE -> {
                    if (base != null) {
                        throw new AofManifestException("Found duplicate base file information", lineNumber, line);
                    }
                    base = f;
                    baseSeq = seq;
                }
                case HISTORY -> history.add(f);
                case INCR -> {
                    if (seq <= maxSeq) {
                        throw new AofManifestException("Found a non-monotonic sequence number", lineNumber, line);
                    }
                    incrs.add(f);
                    maxSeq = seq;
                }
            }
        }
        return new AofManifest(base, history, incrs, baseSeq, maxSeq);
    }

    /**
     * sdstrim(" \t\r\n") of an fgets line, cut at its first NUL as C's string functions cut it; one
     * char per byte.
     */
    private static String trim(byte[] raw) {
        int to = 0;
        while (to < raw.length && raw[to] != 0) {
            to++;
        }
        int from = 0;
        while (from < to && isTrimmed(raw[from])) {
            from++;
        }
        while (to > from && isTrimmed(raw[to - 1])) {
            to--;
        }
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isTrimmed(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /**
     * C's atoll: leading blanks, a sign, then digits up to the first non-digit; 0 when there are none.
     * glibc saturates on overflow, and so does this.
     */
    static long atoll(byte[] s) {
        int i = 0;
        while (i < s.length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
            int digit = s[i] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AofManifest m && Objects.equals(base, m.base) && history.equals(m.history)
                && incrs.equals(m.incrs) && baseSeq == m.baseSeq && incrSeq == m.incrSeq;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, history, incrs, baseSeq, incrSeq);
    }
}
