package dev.sabaody.kv.aof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The manifest's text, as aof.c reads and writes it: the order rules, the quoting, every refusal
 * with Redis's own words (checked against redis-server 7.0 refusing the same file), and the changes
 * a rewrite makes.
 */
class AofManifestTest {

    @TempDir
    Path dir;

    private static AofManifest parse(String text) throws AofManifestException {
        return AofManifest.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static AofManifestException refused(String text) {
        return assertThrows(AofManifestException.class, () -> parse(text));
    }

    @Test
    void parse_redisExample_baseHistoryIncr_writtenBackInRedisOrder() throws Exception {
        AofManifest m = parse("""
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.2.base.rdb seq 2 type b
                # a comment
                file appendonly.aof.2.incr.aof seq 2 type h
                file appendonly.aof.4.incr.aof seq 4 type i
                FILE appendonly.aof.5.incr.aof TYPE i SEQ 5 future-key ignored
                """);
        assertEquals(new AofManifest.File("appendonly.aof.2.base.rdb", 2, AofManifest.Type.BASE), m.base());
        assertEquals(2, m.history().size());
        assertEquals(List.of(4L, 5L), m.incrs().stream().map(AofManifest.File::seq).toList());
        assertEquals("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type h
                file appendonly.aof.4.incr.aof seq 4 type i
                file appendonly.aof.5.incr.aof seq 5 type i
                """, m.toString());
    }

    @Test
    void rewrite_newIncrThenNewBaseThenHistory_asRedisSequencesThem() throws Exception {
        AofManifest start = parse("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        // BGREWRITEAOF: a new incr file first, then at its end the new base, the old files to history
        AofManifest done = start.withNewIncr("appendonly.aof").withNewBase("appendonly.aof", true)
                .withRewrittenIncrsAsHistory(true);
        assertEquals("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.1.incr.aof seq 1 type h
                file appendonly.aof.1.base.rdb seq 1 type h
                file appendonly.aof.2.incr.aof seq 2 type i
                """, done.toString());
        assertEquals("""
                file appendonly.aof.2.base.rdb seq 2 type b
                file appendonly.aof.2.incr.aof seq 2 type i
                """, done.withoutHistory().toString());
        assertEquals("file appendonly.aof.3.base.aof seq 3 type b\n",
                done.withNewBase("appendonly.aof", false).withRewrittenIncrsAsHistory(false).withoutHistory().toString());
    }

    @Test
    void write_nameThatNeedsQuoting_quotedAsSdscatrepr_andReadBack() throws Exception {
        AofManifest m = parse("file \"my file\\x00\\n.aof\" seq 7 type i\n");
        assertEquals("my file\0\n.aof", m.lastIncr().name());
        assertEquals("file \"my file\\x00\\n.aof\" seq 7 type i\n", m.toString());
        assertEquals("it's", parse("file 'it\\'s' seq 1 type b\n").base().name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty line                |                                                   | Invalid AOF manifest file format
            too few words             | file a seq 1 type                                  | Invalid AOF manifest file format
            odd word count            | file a seq 1 type i x                              | Invalid AOF manifest file format
            unbalanced quotes         | file "a seq 1 type i                               | Invalid AOF manifest file format
            sequence zero             | file a seq 0 type i                                | Invalid AOF manifest file format
            sequence not a number     | file a seq x type i                                | Invalid AOF manifest file format
            missing file              | name a seq 1 type i                                | Invalid AOF manifest file format
            unknown type              | file a seq 1 type x                                | Unknown AOF file type
            a path                    | file ../a seq 1 type i                             | File can't be a path, just a filename
            """)
    void parse_badLine_refusedWithRedisText(String name, String line, String reason) {
        AofManifestException e = refused("file first seq 1 type b\n" + (line == null ? "" : line) + "\n");
        assertEquals(reason, e.getMessage());
        assertEquals(2, e.lineNumber());
        assertEquals(line == null ? "" : line.strip(), e.line());
    }

    @Test
    void parse_orderRules_refusedWithRedisText() {
        assertEquals("Found duplicate base file information",
                refused("file a seq 1 type b\nfile b seq 2 type b\n").getMessage());
        assertEquals("Found a non-monotonic sequence number",
                refused("file a seq 2 type i\nfile b seq 2 type i\n").getMessage());
        assertEquals("Found an empty AOF manifest", refused("").getMessage());
        AofManifestException longLine = refused("file " + "x".repeat(1100) + " seq 1 type i\n");
        assertEquals("The AOF manifest file contains too long line", longLine.getMessage());
        assertNull(longLine.line());
        assertEquals("The AOF manifest file contains too long line",
                refused("file a seq 1 type i").getMessage(), "a last line without its newline");
    }

    @Test
    void parse_onlyComments_isAnEmptyManifest() throws Exception {
        assertTrue(parse("# nothing here\n").isEmpty());
        assertEquals("\n*** FATAL AOF MANIFEST FILE ERROR ***\nReading the manifest file, at line 2\n>>> 'file a seq 1 type x'\nUnknown AOF file type",
                String.join("\n", refused("# c\nfile a seq 1 type x\n").logLines()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown type      | file appendonly.aof.1.base.rdb seq 1 type x
            sequence zero     | file appendonly.aof.1.incr.aof seq 0 type i
            duplicate base    | file appendonly.aof.1.base.rdb seq 1 type b\\nfile appendonly.aof.2.base.rdb seq 2 type b
            non-monotonic     | file appendonly.aof.2.incr.aof seq 2 type i\\nfile appendonly.aof.1.incr.aof seq 1 type i
            a path            | file ../appendonly.aof.1.incr.aof seq 1 type i
            no final newline  | file appendonly.aof.1.incr.aof seq 1 type i\\nfile appendonly.aof.2.incr.aof seq 2 type i
            """)
    void redis_badManifest_refusedWithTheSameLines(String name, String text) throws Exception {
        String manifest = text.replace("\\n", "\n") + (name.equals("no final newline") ? "" : "\n");
        AofDir aof = new AofDir(dir, "appendonlydir", "appendonly.aof");
        aof.createIfMissing();
        Files.writeString(aof.file(aof.manifestName()), manifest, StandardCharsets.ISO_8859_1);
        AofManifestException e = assertThrows(AofManifestException.class, aof::readManifest);
        String log = AofRedis.failedStart(dir);
        for (String line : e.logLines()) {
            if (!line.isEmpty()) {
                assertTrue(log.contains(line), "Redis logs '" + line + "':\n" + log);
            }
        }
    }

    /**
     * Names of one byte or more: an empty name is written unquoted, as Redis writes it (sdsneedsrepr
     * says no), and then reads back as a line of five words; Redis refuses an empty appendfilename.
     */
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40)
                .map(b -> new String(b, StandardCharsets.ISO_8859_1))
                .filter(s -> s.indexOf('/') < 0 && s.indexOf('\\') < 0 && s.indexOf('\0') < 0);
    }

    @Property(tries = 300)
    void writeThenParse_anyName_sameManifest(@ForAll("names") String base, @ForAll("names") String incr) throws Exception {
        String text = "file " + AofManifestText.quoted(base) + " seq 3 type b\nfile " + AofManifestText.quoted(incr)
                + " seq 9 type i\n";
        AofManifest m = parse(text);
        assertEquals(base, m.base().name());
        assertEquals(incr, m.lastIncr().name());
        assertEquals(m, AofManifest.parse(m.toBytes()));
    }
}
