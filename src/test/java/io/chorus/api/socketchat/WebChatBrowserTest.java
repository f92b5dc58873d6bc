package io.chorus.api.socketchat;

import io.chorus.support.NodeClients;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.TestUser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat in headless Chromium (Debian's {@code chromium}, driven by npm {@code playwright-core}): two people
 * chat from a desktop and a phone-sized window, and one of them with a Diode WebSocket bot. Without Chromium the
 * test is skipped on a developer's machine; under CI it must run.
 */
class WebChatBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path shots;

    @Test
    void twoPeopleAndABotChatInTheBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            assertThat(System.getenv("CI")).as("chromium must be installed under CI").isNull();
            Assumptions.abort("chromium is not installed (apt-get install chromium)");
        }
        try (TestServer server = TestServer.start()) {
            TestUser bot = server.user("diodebot", "default", "Member");
            String out = NodeClients.run("webchat.mjs", server.baseUrl(), CHROMIUM.toString(), bot.id(), bot.token(),
                    shots.toString());
            assertThat(out.lines().filter(l -> l.startsWith("ok "))).containsExactly(
                    "ok register, welcome channel with its history",
                    "ok start a direct chat by id; the other side sees it appear",
                    "ok messages both ways, live",
                    "ok delete your own message, everywhere",
                    "ok chat command with a private reply",
                    "ok history after a reload",
                    "ok a Diode WebSocket bot in the same channel");
            assertThat(out).doesNotContain("page error");
            assertThat(Files.size(shots.resolve("webchat-desktop.png"))).isPositive();
            assertThat(Files.size(shots.resolve("webchat-phone.png"))).isPositive();
        }
    }
}
