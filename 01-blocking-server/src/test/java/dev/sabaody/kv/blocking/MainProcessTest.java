package dev.sabaody.kv.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real program in its own JVM: SIGTERM stops it in order, and its log says each step. */
class MainProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigterm_stopsInOrder_clientSeesEndOfStream_logShowsEachStep(@TempDir Path dir) throws Exception {
        // the log goes to a file: Process.destroy() closes the pipes, and we want the lines written after it
        Path logFile = dir.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0").redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            Await.until("the server to log its port", () -> LISTENING.matcher(read(logFile)).find());
            Matcher m = LISTENING.matcher(read(logFile));
            assertTrue(m.find());
            try (LineClient client = new LineClient(Integer.parseInt(m.group(1)))) {
                assertEquals("OK", client.call("SET a 1"));
                assertEquals("1", client.call("GET a"));
                process.destroy(); // SIGTERM
                assertTrue(client.atEndOfStream(), "the open connection is closed by the stop");
            }
            assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "an orderly stop exits 0, as redis-server does (the JVM alone: 143)");
        String log = read(logFile);
        for (String step : List.of("shutdown requested", "closing the listener", "shutting the input of 1 open connection",
                "all connection threads ended", "stopped")) {
            assertTrue(log.contains(step), "log lacks '" + step + "':\n" + log);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void badOption_usageErrorAndExitStatus2() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "sixty").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("--port takes a whole number, not 'sixty'"), output);
    }
}
