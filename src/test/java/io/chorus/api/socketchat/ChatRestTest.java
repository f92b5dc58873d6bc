package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.support.TestServer;
import io.chorus.support.TestServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every REST endpoint of the chat API and every documented status, over real HTTP. */
public class ChatRestTest {
    static TestServer server;

    @BeforeAll
    static void start() { server = TestServer.start(); }

    @AfterAll
    static void stop() { server.close(); }

    public record Account(String id, String token) {}

    public static Account register(TestServer s, String username) {
        Response r = post(s, "/new", "{\"username\":\"" + username + "\"}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Account(r.json().get("id").asText(), r.json().get("token").asText());
    }

    static Response post(TestServer s, String path, String json, String token) {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (token != null) h.put("Authorisation", token);
        return s.request("POST", path, json, h);
    }

    static Response get(TestServer s, String path, String token) {
        return s.request("GET", path, null, token == null ? Map.of() : Map.of("Authorisation", token));
    }

    static String dm(TestServer s, Account from, Account to) {
        Response r = post(s, "/create-channel", "{\"to\":\"" + to.id() + "\",\"type\":1}", from.token());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("channel_id").asText();
    }

    @Test
    void newCreatesAnAccountAndLogsInWithIdAndName() {
        Response created = post(server, "/new", "{\"username\":\"Starman\",\"accountID\":\"\"}", null);
        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("id").isTextual()).isTrue();
        assertThat(c.get("dms").isArray()).isTrue();
        assertThat(c.get("token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        String id = c.get("id").asText();

        Response login = post(server, "/new", "{\"username\":\"Starman\",\"accountID\":\"" + id + "\"}", null);
        assertThat(login.status()).isEqualTo(202);
        assertThat(login.json().get("id").asText()).isEqualTo(id);
        assertThat(login.json().fieldNames()).toIterable().containsExactly("id", "dms", "token");

        Response wrongName = post(server, "/new", "{\"username\":\"Moonman\",\"accountID\":\"" + id + "\"}", null);
        assertThat(wrongName.status()).isEqualTo(401);
        assertThat(wrongName.body()).isEqualTo("null");
        // Form bodies work too (the seed's server parses both).
        Response form = server.request("POST", "/new", "username=Starman&accountID=" + id,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(202);
    }

    @Test
    void newRefusesBadInput() {
        assertThat(post(server, "/new", "{}", null).status()).isEqualTo(400);
        assertThat(post(server, "/new", "{\"username\":\"  \"}", null).status()).isEqualTo(400);
        assertThat(post(server, "/new", "{\"username\":[1]}", null).status()).isEqualTo(400);
        Response malformed = post(server, "/new", "{\"username\":", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("null");
        Response huge = post(server, "/new", "{\"username\":\"" + "x".repeat(100_000) + "\"}", null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body()).isEqualTo("null");
    }

    @Test
    void accountsWithAPasswordNeedIt() {
        JsonNode u = server.admin("POST", "/admin/users", "{\"username\":\"pat\",\"password\":\"correct horse\"}").json();
        String id = u.get("id").asText();
        assertThat(post(server, "/new", "{\"username\":\"pat\",\"accountID\":\"" + id + "\"}", null).status()).isEqualTo(401);
        assertThat(post(server, "/new", "{\"username\":\"pat\",\"accountID\":\"" + id + "\",\"password\":\"wrong one\"}", null)
                .status()).isEqualTo(401);
        assertThat(post(server, "/new", "{\"username\":\"pat\",\"accountID\":\"" + id + "\",\"password\":\"correct horse\"}", null)
                .status()).isEqualTo(202);
        // Nobody logs in as the welcome bot.
        assertThat(post(server, "/new", "{\"username\":\"Dancing Lizard\",\"accountID\":\"1\"}", null).status()).isEqualTo(401);
    }

    @Test
    void updateAccountChangesNameAndAvatar() {
        Account a = register(server, "Blob");
        String body = "{\"username\":\"Crazy Blob\",\"avatarURL\":\"https://example.org/blob.gif\"}";
        assertThat(post(server, "/update-account", body, null).status()).isEqualTo(400);
        assertThat(post(server, "/update-account", body, "garbage").status()).isEqualTo(401);
        assertThat(post(server, "/update-account", "{\"username\":\"Crazy Blob\"}", a.token()).status()).isEqualTo(400);
        assertThat(post(server, "/update-account", "{\"username\":\"x\",\"avatarURL\":\"javascript:alert(1)\"}", a.token())
                .status()).isEqualTo(400);
        Response r = post(server, "/update-account", body, a.token());
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.json().toString()).isEqualTo("{\"id\":\"" + a.id()
                + "\",\"username\":\"Crazy Blob\",\"avatarURL\":\"https://example.org/blob.gif\"}");
        Response again = post(server, "/update-account", body, a.token());
        assertThat(again.status()).isEqualTo(406);
        assertThat(again.body()).isEqualTo("null");
        JsonNode users = get(server, "/users?users=" + a.id(), a.token()).json().get("users");
        assertThat(users.get(0).get("username").asText()).isEqualTo("Crazy Blob");
        // Logging in uses the new name.
        assertThat(post(server, "/new", "{\"username\":\"Crazy Blob\",\"accountID\":\"" + a.id() + "\"}", null).status())
                .isEqualTo(202);
    }

    @Test
    void createChannelMakesOneDmPerPair() {
        Account a = register(server, "Ann");
        Account b = register(server, "Ben");
        assertThat(post(server, "/create-channel", "{\"to\":\"" + b.id() + "\",\"type\":1}", null).status()).isEqualTo(400);
        assertThat(post(server, "/create-channel", "{\"to\":\"" + b.id() + "\",\"type\":1}", "bad").status()).isEqualTo(401);
        assertThat(post(server, "/create-channel", "{\"type\":1}", a.token()).status()).isEqualTo(400);
        assertThat(post(server, "/create-channel", "{\"to\":\"" + b.id() + "\"}", a.token()).status()).isEqualTo(400);
        assertThat(post(server, "/create-channel", "{\"to\":\"" + b.id() + "\",\"type\":2}", a.token()).status()).isEqualTo(400);
        assertThat(post(server, "/create-channel", "{\"to\":\"" + a.id() + "\",\"type\":1}", a.token()).status()).isEqualTo(400);
        assertThat(post(server, "/create-channel", "{\"to\":\"nobody\",\"type\":1}", a.token()).status()).isEqualTo(404);
        String channel = dm(server, a, b);
        Response again = post(server, "/create-channel", "{\"to\":\"" + a.id() + "\",\"type\":\"1\"}", b.token());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("null");
        Response login = post(server, "/new", "{\"username\":\"Ben\",\"accountID\":\"" + b.id() + "\"}", null);
        assertThat(login.json().get("dms").toString()).isEqualTo("[\"" + channel + "\"]");
    }

    @Test
    void usersAcceptsEveryArrayForm() {
        Account a = register(server, "Ada");
        Account b = register(server, "Bea");
        String both = "[\"" + a.id() + "\",\"" + b.id() + "\"]";
        List<String> forms = List.of(
                "users[]=" + a.id() + "&users[]=" + b.id(),
                "users=" + a.id() + "&users=" + b.id(),
                "users[0]=" + a.id() + "&users[1]=" + b.id(),
                "users=" + URLEncoder.encode(both, StandardCharsets.UTF_8));
        for (String q : forms) {
            Response r = get(server, "/users?" + q, a.token());
            assertThat(r.status()).as(q).isEqualTo(200);
            List<String> names = new ArrayList<>();
            r.json().get("users").forEach(u -> names.add(u.get("username").asText()));
            assertThat(names).as(q).containsExactlyInAnyOrder("Ada", "Bea");
            assertThat(r.json().get("users").get(0).fieldNames()).toIterable().containsExactly("avatarURL", "id", "username");
        }
        assertThat(get(server, "/users?users=" + b.id(), a.token()).json().get("users").size()).isEqualTo(1);
        Response none = get(server, "/users?users=nobody", a.token());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{\"users\":[]}");
        assertThat(get(server, "/users", a.token()).status()).isEqualTo(400);
        assertThat(get(server, "/users?users[]=", a.token()).status()).isEqualTo(400);
        assertThat(get(server, "/users?users=%5Bnot-json", a.token()).status()).isEqualTo(400);
        assertThat(get(server, "/users?users=" + a.id(), null).status()).isEqualTo(400);
        assertThat(get(server, "/users?users=" + a.id(), "x.y.z").status()).isEqualTo(401);
    }

    @Test
    void messagesCreatesTheWelcomeChannelOnceAndReturnsTheLastFifty() throws Exception {
        Account a = register(server, "Wanda");
        assertThat(get(server, "/messages?channel_id=null", null).status()).isEqualTo(400);
        assertThat(get(server, "/messages?channel_id=null", "bad").status()).isEqualTo(401);
        assertThat(get(server, "/messages", a.token()).status()).isEqualTo(400);
        Response welcome = get(server, "/messages?channel_id=undefined", a.token());
        assertThat(welcome.status()).isEqualTo(201);
        JsonNode w = welcome.json();
        JsonNode notice = w.get("messages").get(0);
        assertThat(notice.get("id").asText()).isEqualTo("0");
        assertThat(notice.get("content").asText()).startsWith("Hello! Welcome Wanda!!!");
        assertThat(notice.get("author").get("id").asText()).isEqualTo("1");
        assertThat(notice.get("author").get("username").asText()).isEqualTo("Dancing Lizard");
        assertThat(w.get("channel").get("name").asText()).isEqualTo("Dancing Lizard");
        assertThat(w.get("other_user").asText()).isEqualTo("1");
        String channel = w.get("channel").get("id").asText();
        assertThat(notice.get("channel_id").asText()).isEqualTo(channel);
        // "null" finds the same channel: one welcome per user.
        Response again = get(server, "/messages?channel_id=null", a.token());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("channel").get("id").asText()).isEqualTo(channel);
        assertThat(post(server, "/new", "{\"username\":\"Wanda\",\"accountID\":\"" + a.id() + "\"}", null).json()
                .get("dms").toString()).isEqualTo("[\"" + channel + "\"]");

        Account b = register(server, "Walt");
        String dm = dm(server, a, b);
        for (int i = 1; i <= 55; i++) ChatSocketSupport.send(server, a, dm, "m" + i);
        Response history = get(server, "/messages?channel_id=" + dm, b.token());
        assertThat(history.status()).isEqualTo(200);
        JsonNode ms = history.json().get("messages");
        assertThat(ms.size()).isEqualTo(50);
        assertThat(ms.get(0).get("content").asText()).isEqualTo("m6");
        assertThat(ms.get(49).get("content").asText()).isEqualTo("m55");
        assertThat(ms.get(49).get("author").get("username").asText()).isEqualTo("Wanda");
        assertThat(history.json().get("channel").get("name").asText()).isEqualTo("Wanda");
        assertThat(history.json().get("other_user").asText()).isEqualTo(a.id());
        // Someone outside the channel cannot read it.
        Account c = register(server, "Eve");
        Response outside = get(server, "/messages?channel_id=" + dm, c.token());
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body()).isEqualTo("null");
        assertThat(get(server, "/messages?channel_id=nope", c.token()).status()).isEqualTo(404);
    }

    @Test
    void dmChannelsListsOnlyTheCallersChannels() {
        Account a = register(server, "Dot");
        Account b = register(server, "Dan");
        Account c = register(server, "Dee");
        String ab = dm(server, a, b);
        String bc = dm(server, b, c);
        Response r = get(server, "/dmchannels?channels[]=" + ab + "&channels[]=" + bc, a.token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("dmchannels").size()).isEqualTo(1);
        JsonNode entry = r.json().get("dmchannels").get(0);
        assertThat(entry.get("channel_id").asText()).isEqualTo(ab);
        assertThat(entry.get("user").get("id").asText()).isEqualTo(b.id());
        assertThat(entry.get("user").get("username").asText()).isEqualTo("Dan");
        Response none = get(server, "/dmchannels?channels=" + bc, a.token());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{\"dmchannels\":[]}");
        assertThat(get(server, "/dmchannels", a.token()).status()).isEqualTo(400);
        assertThat(get(server, "/dmchannels?channels=" + ab, "nope").status()).isEqualTo(401);
    }
}
