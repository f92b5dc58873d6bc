package io.chorus.server;

import io.chorus.support.TestServer;
import io.chorus.support.WsClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Options come from flags, then CHORUS_* variables, then the config file, then defaults; pings keep sockets alive. */
class ConfigSourcesTest {

    static ServeCommand parse(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.setDefaultValueProvider(ChorusDefaults.from(args, env));
        cli.parseArgs(args);
        return serve;
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = Files.createTempFile("chorus", ".properties");
        Files.writeString(file, "port=9001\nmax-frame-bytes=1234\nrate-limit=7\n");
        ServeCommand fromFile = parse(Map.of(), "--config", file.toString());
        assertThat(fromFile.port).isEqualTo(9001);
        assertThat(fromFile.maxFrameBytes).isEqualTo(1234);
        assertThat(fromFile.pingInterval).isEqualTo(25);

        ServeCommand fromEnv = parse(Map.of("CHORUS_PORT", "9002", "CHORUS_CONFIG", file.toString()));
        assertThat(fromEnv.port).isEqualTo(9002);
        assertThat(fromEnv.rateLimit).isEqualTo(7);

        ServeCommand fromFlag = parse(Map.of("CHORUS_PORT", "9002"), "--port", "9003", "--config=" + file);
        assertThat(fromFlag.port).isEqualTo(9003);
        assertThat(fromFlag.storeOptions.data().toString()).isEqualTo("./data");
        assertThat(parse(Map.of("CHORUS_STORE", "postgres")).storeOptions.kind()).isEqualTo("postgres");
    }

    @Test
    void anUnreadableConfigFileIsAUsageError() {
        assertThat(Main.run(new String[]{"serve", "--config", "/nonexistent/chorus.properties"})).isEqualTo(2);
    }

    @Test
    void theServerPingsWebSockets() {
        try (TestServer server = TestServer.start(c -> c.withLimits(c.outboundQueue(), 1, c.rateLimit()));
             WsClient ws = new WsClient(server.wsUri("/api/json_rpc/ws"))) {
            await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ws.pings.get() >= 2);
            assertThat(ws.closed).isNotDone();
        }
    }
}
