package io.chorus.core;

import java.util.Locale;

/**
 * Chat commands: text starting with '/' typed into any channel. The reply goes to the sender only; nothing is
 * stored or shown to other members. Blocking (some commands write): call off the event loop.
 */
public final class ChatCommands {
    private final Accounts accounts;
    private final ServerInfo info;

    public ChatCommands(Accounts accounts, ServerInfo info) {
        this.accounts = accounts;
        this.info = info;
    }

    public String handle(User sender, Zone zone, Channel channel, String text) {
        String[] words = text.trim().split("\\s+");
        String command = words[0].toLowerCase(Locale.ROOT);
        return switch (command) {
            case "/help" -> help();
            case "/info" -> info(sender, zone, channel);
            case "/sysconfig" -> sysconfig(sender, zone, channel, words);
            default -> "Unknown command " + words[0] + ". Type /help for the list of commands.";
        };
    }

    private String help() {
        return String.join("\n",
                "Commands (only you see them and their replies):",
                "/info - this server's version, your device address, and this zone's and channel's ids",
                "/sysconfig remote-api enable|disable|status|version - control the remote API for your account",
                "/sysconfig remote-api generate-token|view-token - create (replacing the old one) or show your API token",
                "/sysconfig remote-api template|example - curl commands that call send_message",
                "/help - this list");
    }

    private String info(User sender, Zone zone, Channel channel) {
        return String.join("\n",
                "ddrive_version: chorus " + info.version(),
                "device_address: " + sender.address(),
                "zone_domain: " + zone.name(),
                "zone_id: " + zone.id(),
                "channel_id: " + channel.id());
    }

    private String sysconfig(User sender, Zone zone, Channel channel, String[] words) {
        if (words.length < 3 || !words[1].equalsIgnoreCase("remote-api")) {
            return "Usage: /sysconfig remote-api enable|disable|status|version|generate-token|view-token|template|example";
        }
        String action = words[2].toLowerCase(Locale.ROOT);
        return switch (action) {
            case "enable" -> {
                User u = accounts.remoteApi(sender.id(), Accounts.RemoteApiAction.ENABLE);
                yield "Remote API enabled." + (u.remoteApiToken() == null
                        ? " Generate a token with /sysconfig remote-api generate-token." : "");
            }
            case "disable" -> {
                accounts.remoteApi(sender.id(), Accounts.RemoteApiAction.DISABLE);
                yield "Remote API disabled. Sessions opened with your token were closed.";
            }
            case "status" -> {
                User u = accounts.requireUser(sender.id());
                yield "Remote API is " + (u.remoteApiEnabled() ? "enabled" : "disabled") + "; "
                        + (u.remoteApiToken() == null ? "no token has been generated." : "a token has been generated.");
            }
            case "version" -> "Remote API version " + ServerInfo.REMOTE_API_VERSION + " (chorus " + info.version() + ")";
            case "generate-token" -> {
                accounts.remoteApi(sender.id(), Accounts.RemoteApiAction.GENERATE_TOKEN);
                yield "A new remote API token was generated; it replaces the previous one, and sessions opened with "
                        + "the old token were closed. View it with /sysconfig remote-api view-token.";
            }
            case "view-token" -> {
                User u = accounts.requireUser(sender.id());
                yield u.remoteApiToken() == null
                        ? "No token yet. Generate one with /sysconfig remote-api generate-token."
                        : "Remote API token (keep it secret): " + u.remoteApiToken();
            }
            case "template" -> curl("<bearer_token>", "<zone_id>", "<channel_id>", "<message_text>");
            case "example" -> curl("", zone.id(), channel.id(), "Hello from the remote API");
            default -> "Unknown remote-api command " + words[2]
                    + ". Use enable, disable, status, version, generate-token, view-token, template or example.";
        };
    }

    private String curl(String token, String zoneId, String channelId, String text) {
        return "curl -X POST -H \"Content-Type: application/json\" -H \"Authorization: Bearer " + token + "\" "
                + "-d '{\"jsonrpc\":\"2.0\",\"method\":\"send_message\",\"params\":{\"zone_id\":\"" + zoneId
                + "\",\"channel_id\":\"" + channelId + "\",\"message_text\":\"" + text + "\"},\"id\":1}' "
                + info.publicUrl() + "/api/json_rpc";
    }
}
