package io.chorus.api.socketchat;

import io.chorus.core.Channel;
import io.chorus.core.ChannelKind;
import io.chorus.core.Chorus;
import io.chorus.core.ChorusException;
import io.chorus.core.MessageEvent;
import io.chorus.core.Passwords;
import io.chorus.core.Role;
import io.chorus.core.User;
import io.chorus.core.Zone;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * What the chat API does, over the core: its users are core users in the default zone, its DM channels are the
 * zone's direct channels, its messages are core messages. Blocking: call off the event loop. Failures are
 * {@link ChatStatus} (the API's status codes) or {@link ChorusException}.
 */
final class ChatService {
    static final String ZONE = Zone.DEFAULT_ID;
    static final int HISTORY = 50;
    private static final Pattern AVATAR_URL = Pattern.compile("(https?://|/)[^\\s\"'<>\\\\]*");

    record Login(User user, boolean created, String token) {}

    /** A channel as {@code /messages} shows it: name, the other user of a DM (null otherwise) and history. */
    record History(Channel channel, String name, String otherUser, List<MessageEvent> messages, boolean created) {}

    private final Chorus core;
    private final ChatTokens tokens;
    private final WelcomeBot welcome;

    ChatService(Chorus core, ChatTokens tokens) {
        this.core = core;
        this.tokens = tokens;
        this.welcome = new WelcomeBot(core);
    }

    /** The user of a token: 400 without one, 401 for an invalid one or a user that no longer exists. */
    User authenticate(String token) {
        if (token == null || token.isBlank()) throw new ChatStatus(400, "no authorisation token");
        return user(token).orElseThrow(() -> new ChatStatus(401, "invalid authorisation token"));
    }

    Optional<User> user(String token) { return tokens.verify(token).flatMap(id -> core.directory().user(id)); }

    /**
     * {@code /new}: logs in when {@code accountId} names an account whose name is {@code username} (and whose
     * password, if it has one, is given), otherwise creates an account, as the reference server does.
     */
    Login login(String accountId, String username, String password) {
        String name = displayName(username);
        Optional<User> existing = accountId == null || accountId.isEmpty() ? Optional.empty() : core.directory().user(accountId);
        if (existing.isPresent()) {
            User u = existing.get();
            boolean passwordOk = u.passwordHash() == null || (password != null && Passwords.verify(password, u.passwordHash()));
            if (!u.displayName().equals(name) || !passwordOk || u.id().equals(WelcomeBot.ID)) {
                throw new ChatStatus(401, "login details are incorrect");
            }
            if (core.directory().member(ZONE, u.id()).isEmpty()) core.zones().setMember(ZONE, u.id(), Role.MEMBER);
            return new Login(u, false, tokens.issue(u.id()));
        }
        User u = create(name);
        core.zones().setMember(ZONE, u.id(), Role.MEMBER);
        return new Login(u, true, tokens.issue(u.id()));
    }

    /** Core usernames are unique and plain; the chat name (free text) is the display name. */
    private User create(String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (base.length() > 48) base = base.substring(0, 48);
        if (base.isEmpty()) base = "user";
        String candidate = base;
        for (int attempt = 0; ; attempt++) {
            try {
                return core.accounts().createUser(candidate, name, null, null);
            } catch (ChorusException e) {
                if (e.kind() != ChorusException.Kind.CONFLICT || attempt == 8) throw e;
                candidate = base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
            }
        }
    }

    /** {@code /update-account}: sets both the name and the avatar; 406 when neither changes. */
    User updateAccount(User u, String username, String avatarUrl) {
        String name = displayName(username);
        if (avatarUrl.length() > 1024 || !AVATAR_URL.matcher(avatarUrl).matches()) {
            throw new ChatStatus(400, "avatarURL must be an http(s) URL or a path on this server");
        }
        String currentAvatar = u.avatarUrl() == null ? ChatJson.DEFAULT_AVATAR : u.avatarUrl();
        if (name.equals(u.displayName()) && avatarUrl.equals(currentAvatar)) throw new ChatStatus(406, "nothing changed");
        return core.accounts().updateProfile(u.id(), name, avatarUrl);
    }

    private static String displayName(String username) {
        String name = username == null ? "" : username.strip();
        if (name.isEmpty() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new ChatStatus(400, "username must be 1-64 characters without control characters");
        }
        return name;
    }

    /** {@code /create-channel} with type 1: the DM channel of two users; 409 if they have one already. */
    Channel createDirect(User u, String to) {
        User peer = core.directory().user(to).orElseThrow(() -> new ChatStatus(404, "no user " + to));
        if (peer.id().equals(u.id())) throw new ChatStatus(400, "cannot open a channel with yourself");
        if (core.directory().directChannel(ZONE, u.id(), peer.id()).isPresent()) throw new ChatStatus(409, "channel exists");
        if (core.directory().member(ZONE, peer.id()).isEmpty()) throw new ChatStatus(404, "no user " + to + " in the chat");
        return core.zones().directWith(u, ZONE, peer);
    }

    List<User> users(List<String> ids) {
        List<User> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) core.directory().user(id).ifPresent(out::add);
        return out;
    }

    /** {@code /messages}: the last 50 messages of a channel the user can read; "null"/"undefined" is the welcome channel. */
    History history(User u, String channelId) {
        if (channelId.equals("null") || channelId.equals("undefined")) {
            WelcomeBot.Opened w = welcome.open(u);
            return history(u, w.channel(), w.created());
        }
        Channel c = core.directory().channel(channelId).filter(x -> x.zoneId().equals(ZONE) && core.zones().canRead(u, x))
                .orElseThrow(() -> new ChatStatus(404, "no channel " + channelId + " that you can read"));
        return history(u, c, false);
    }

    private History history(User u, Channel c, boolean created) {
        String other = otherMember(c, u);
        String name = other == null ? c.name() : core.directory().user(other).map(User::displayName).orElse(c.name());
        return new History(c, name, other, core.messaging().latest(u, c, HISTORY), created);
    }

    /** The user's DM channels in the chat. */
    List<Channel> directChannels(User u) {
        List<Channel> out = new ArrayList<>();
        for (Channel c : core.directory().channels(ZONE)) {
            if (c.kind() == ChannelKind.DIRECT && c.hasMember(u.id())) out.add(c);
        }
        return out;
    }

    /** The zone's group channels the user can read (the web chat lists them beside the DMs). */
    List<Channel> groupChannels(User u) {
        List<Channel> out = new ArrayList<>();
        for (Channel c : core.zones().readableChannels(u, ZONE)) if (c.kind() == ChannelKind.GROUP) out.add(c);
        return out;
    }

    /** The requested DM channels that the user is in, each with the other user. */
    List<Channel> directChannels(User u, List<String> ids) {
        List<Channel> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            core.directory().channel(id).filter(c -> c.zoneId().equals(ZONE) && c.kind() == ChannelKind.DIRECT
                    && c.hasMember(u.id())).ifPresent(out::add);
        }
        return out;
    }

    static String otherMember(Channel c, User u) {
        if (c.kind() != ChannelKind.DIRECT) return null;
        for (String m : c.members()) if (!m.equals(u.id())) return m;
        return null;
    }

    /** The channels a socket may listen to: those named that the user can read, in the chat's zone. */
    List<Channel> readable(User u, List<String> ids) {
        List<Channel> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            core.directory().channel(id).filter(c -> c.zoneId().equals(ZONE) && core.zones().canRead(u, c)).ifPresent(out::add);
        }
        return out;
    }

    Chorus core() { return core; }
}
