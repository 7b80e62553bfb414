package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The options answered before any configuration, as redis-server answers them. */
class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int answer(String... args) {
        return CommandLine.answer(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void version_bothSpellings_printedOnStandardOutput_exit0() {
        assertEquals(0, answer("--version"));
        assertEquals(0, answer("-v"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Sabaody-KV server v=" + SabaodyServer.VERSION + " redis=7.0.15 "), printed);
        assertEquals(2, printed.lines().count());
    }

    @Test
    void help_bothSpellings_usageOnStandardError_exit1() {
        assertEquals(1, answer("--help"));
        assertEquals(1, answer("-h", "--port", "1"));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("Usage: java -jar final-server.jar [/path/to/redis.conf] [options]\n"), printed);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void testMemory_refusedWithAReason_exit1() {
        assertEquals(1, answer("--test-memory", "4096"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--test-memory is not available"));
    }

    @Test
    void otherArguments_orTheseLaterOn_leftToTheConfiguration() {
        assertEquals(-1, answer());
        assertEquals(-1, answer("--port", "7000"));
        assertEquals(-1, answer("/etc/redis.conf", "--version")); // redis-server too looks at the first only
    }

    @Test
    void main_help_exitsWithStatus1BeforeStarting() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--help").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.startsWith("Usage: "), output);
    }
}
