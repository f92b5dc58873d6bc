package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code chorus admin ...}: the admin API from the command line, against a running server. The token comes from
 * {@code --token}, else {@code CHORUS_ADMIN_TOKEN}, else {@code <data>/admin-token}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage users, zones and tokens of a running server.",
        subcommands = {AdminCommand.Users.class, AdminCommand.Zones.class, AdminCommand.Channels.class,
                AdminCommand.Members.class, AdminCommand.RemoteApi.class})
public final class AdminCommand implements Callable<Integer> {
    @Option(names = "--url", scope = ScopeType.INHERIT, defaultValue = "http://127.0.0.1:8080",
            description = "Server URL (env CHORUS_URL; default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, description = "Admin token (env CHORUS_ADMIN_TOKEN).")
    String token;

    @Option(names = "--data", scope = ScopeType.INHERIT, defaultValue = "./data",
            description = "Data directory holding admin-token (env CHORUS_DATA; default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the raw JSON response.")
    boolean json;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    /** Runs one API call, prints the result with {@code format} (or raw JSON), and maps errors to exit codes. */
    int run(String method, String path, Object body, java.util.function.Function<JsonNode, String> format) {
        String t = token != null ? token : System.getenv("CHORUS_ADMIN_TOKEN");
        if (t == null || t.isBlank()) {
            try {
                t = Files.readString(data.resolve("admin-token"), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                System.err.println("error: no admin token: pass --token, set CHORUS_ADMIN_TOKEN, or point --data at the server's data directory");
                return 2;
            }
        }
        try {
            JsonNode r = new AdminClient(url, t).call(method, path, body);
            System.out.println(json ? r.toPrettyString() : format.apply(r));
            return 0;
        } catch (AdminClient.AdminError e) {
            System.err.println(e.getMessage());
            return e.exitCode;
        }
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static String table(JsonNode rows, String... columns) {
        StringBuilder out = new StringBuilder();
        int[] width = new int[columns.length];
        for (int c = 0; c < columns.length; c++) width[c] = columns[c].length();
        for (JsonNode r : rows) for (int c = 0; c < columns.length; c++) width[c] = Math.max(width[c], r.path(columns[c]).asText().length());
        for (int c = 0; c < columns.length; c++) out.append(String.format("%-" + (width[c] + 2) + "s", columns[c].toUpperCase()));
        for (JsonNode r : rows) {
            out.append('\n');
            for (int c = 0; c < columns.length; c++) out.append(String.format("%-" + (width[c] + 2) + "s", r.path(columns[c]).asText()));
        }
        return out.toString().stripTrailing();
    }

    @Command(name = "users", description = "Create and list users.")
    static final class Users {
        @picocli.CommandLine.ParentCommand AdminCommand admin;

        @Command(name = "create", description = "Create a user.")
        int create(@Parameters(paramLabel = "USERNAME") String username,
                   @Option(names = "--nickname") String nickname,
                   @Option(names = "--password-stdin", description = "Read a password from standard input.") boolean passwordStdin)
                throws IOException {
            String password = passwordStdin ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip() : null;
            return admin.run("POST", "/admin/users", body("username", username, "nickname", nickname, "password", password),
                    r -> "created user " + r.path("username").asText() + "  id=" + r.path("id").asText()
                            + "  address=" + r.path("address").asText());
        }

        @Command(name = "list", description = "List users.")
        int list() {
            return admin.run("GET", "/admin/users", null,
                    r -> table(r.path("users"), "id", "username", "nickname", "address", "remote_api_enabled"));
        }
    }

    @Command(name = "zones", description = "Create, list and show zones.")
    static final class Zones {
        @picocli.CommandLine.ParentCommand AdminCommand admin;

        @Command(name = "create", description = "Create a zone (with its general channel).")
        int create(@Parameters(paramLabel = "NAME") String name, @Option(names = "--id") String id) {
            return admin.run("POST", "/admin/zones", body("name", name, "id", id),
                    r -> "created zone " + r.path("name").asText() + "  id=" + r.path("id").asText()
                            + "  general=" + r.path("channels").path(0).path("id").asText());
        }

        @Command(name = "list", description = "List zones.")
        int list() { return admin.run("GET", "/admin/zones", null, r -> table(r.path("zones"), "id", "name")); }

        @Command(name = "show", description = "Show a zone's channels and members.")
        int show(@Parameters(paramLabel = "ZONE_ID") String zoneId) {
            return admin.run("GET", "/admin/zones/" + zoneId, null, r -> "zone " + r.path("name").asText() + "  id="
                    + r.path("id").asText() + "\n\nchannels:\n" + table(r.path("channels"), "id", "name", "kind")
                    + "\n\nmembers:\n" + table(r.path("members"), "user_id", "username", "role"));
        }
    }

    @Command(name = "channels", description = "Create channels.")
    static final class Channels {
        @picocli.CommandLine.ParentCommand AdminCommand admin;

        @Command(name = "create", description = "Create a group channel in a zone.")
        int create(@Parameters(paramLabel = "ZONE_ID") String zoneId, @Parameters(paramLabel = "NAME") String name) {
            return admin.run("POST", "/admin/zones/" + zoneId + "/channels", body("name", name),
                    r -> "created channel " + r.path("name").asText() + "  id=" + r.path("id").asText());
        }
    }

    @Command(name = "members", description = "Set zone members' roles.")
    static final class Members {
        @picocli.CommandLine.ParentCommand AdminCommand admin;

        @Command(name = "set", description = "Add a user to a zone or change their role (Owner, Admin, Member, Reader, Bot).")
        int set(@Parameters(paramLabel = "ZONE_ID") String zoneId, @Parameters(paramLabel = "USER_ID") String userId,
                @Parameters(paramLabel = "ROLE") String role) {
            return admin.run("PUT", "/admin/zones/" + zoneId + "/members/" + userId, body("role", role),
                    r -> "user " + r.path("user_id").asText() + " is " + r.path("role").asText() + " in " + r.path("zone_id").asText());
        }
    }

    @Command(name = "remote-api", description = "Enable, disable or inspect a user's remote API, or generate a token.")
    static final class RemoteApi implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand AdminCommand admin;

        @Parameters(index = "0", paramLabel = "USER_ID") String userId;

        @Parameters(index = "1", paramLabel = "ACTION", description = "enable, disable, generate-token or status")
        String action;

        @Override
        public Integer call() {
            return admin.run("POST", "/admin/users/" + userId + "/remote-api", body("action", action),
                    r -> "remote API enabled=" + r.path("enabled").asBoolean()
                            + (r.has("token") ? "\ntoken: " + r.path("token").asText() : ""));
        }
    }
}
