package io.chorus.core;

import io.chorus.broker.Broker;
import io.chorus.store.Store;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/** Users and their remote-API tokens. Blocking: call off the event loop. */
public final class Accounts {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public enum RemoteApiAction { ENABLE, DISABLE, GENERATE_TOKEN, STATUS }

    private final Store store;
    private final Directory directory;
    private final Broker broker;
    private final ReentrantLock lock = new ReentrantLock();

    public Accounts(Store store, Directory directory, Broker broker) {
        this.store = store;
        this.directory = directory;
        this.broker = broker;
    }

    public User createUser(String username, String nickname, String password, String avatarUrl) {
        return createUser(null, username, nickname, password, avatarUrl);
    }

    /**
     * Creates a user with a chosen id (null for a generated one): facades whose clients know a fixed user, such
     * as the chat API's welcome bot "1", create it this way.
     */
    public User createUser(String id, String username, String nickname, String password, String avatarUrl) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ChorusException.invalid("invalid_username",
                    "username must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (nickname != null && nickname.length() > 256) throw ChorusException.invalid("invalid_nickname", "nickname is too long");
        if (password != null && (password.length() < 8 || password.length() > 1024)) {
            throw ChorusException.invalid("invalid_password", "password must be 8 to 1024 characters");
        }
        String hash = password == null ? null : Passwords.hash(password);
        lock.lock();
        try {
            if (id != null && directory.user(id).isPresent()) {
                throw ChorusException.conflict("user_exists", "user " + id + " exists");
            }
            if (directory.userByName(username).isPresent()) {
                throw ChorusException.conflict("username_taken", "username " + username + " is taken");
            }
            String address;
            do address = Ids.hex160(); while (directory.userByAddress(address).isPresent());
            User u = new User(id != null ? id : Ids.hex160(), username, nickname == null || nickname.isBlank() ? username : nickname,
                    avatarUrl, address, hash, false, null, System.currentTimeMillis());
            store.insertUser(u);
            directory.putUser(u);
            broker.control(DirectorySync.user(u.id()));
            return u;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The user with this id, created on first sight (an identity vouched for by a token another system signed, such
     * as a Chat21 JWT's subject): its username is the id when that is a free, valid username, else a generated one.
     */
    public User ensureUser(String id, String nickname) {
        Optional<User> known = directory.user(id);
        if (known.isPresent()) return known.get();
        if (id == null || id.isBlank() || id.length() > 64) {
            throw ChorusException.invalid("invalid_user_id", "a user id needs 1-64 characters");
        }
        String username = USERNAME.matcher(id).matches() && directory.userByName(id).isEmpty() ? id : "user-" + Ids.epoch();
        String shown = nickname == null || nickname.isBlank() || nickname.length() > 256 ? id : nickname;
        try {
            return createUser(id, username, shown, null, null);
        } catch (RuntimeException e) {
            // Another request or node created it first.
            User stored = store.findUser(id).orElseThrow(() -> e);
            directory.putUser(stored);
            return stored;
        }
    }

    /** Changes how a user is shown: display name (nickname) and avatar URL; the username stays. */
    public User updateProfile(String userId, String nickname, String avatarUrl) {
        if (nickname == null || nickname.isBlank() || nickname.length() > 256) {
            throw ChorusException.invalid("invalid_nickname", "a display name needs 1-256 characters");
        }
        if (avatarUrl != null && avatarUrl.length() > 1024) throw ChorusException.invalid("invalid_avatar", "avatar URL is too long");
        lock.lock();
        try {
            User u = requireUser(userId);
            User updated = new User(u.id(), u.username(), nickname, avatarUrl, u.address(), u.passwordHash(),
                    u.remoteApiEnabled(), u.remoteApiToken(), u.createdAt());
            store.updateUser(updated);
            directory.putUser(updated);
            broker.control(DirectorySync.user(updated.id()));
            return updated;
        } finally {
            lock.unlock();
        }
    }

    public User requireUser(String userId) {
        return directory.user(userId).orElseThrow(() -> ChorusException.notFound("user_not_found", "no user " + userId));
    }

    /**
     * Applies a remote-API action. A new token replaces the old one, and disabling or replacing a token closes the
     * sessions it opened, on every node.
     */
    public User remoteApi(String userId, RemoteApiAction action) {
        lock.lock();
        try {
            User u = requireUser(userId);
            User updated = switch (action) {
                case STATUS -> u;
                case ENABLE -> u.withRemoteApi(true, u.remoteApiToken());
                case DISABLE -> u.withRemoteApi(false, u.remoteApiToken());
                case GENERATE_TOKEN -> u.withRemoteApi(u.remoteApiEnabled(), Ids.secret());
            };
            if (updated != u) {
                store.updateUser(updated);
                directory.putUser(updated);
                broker.control(DirectorySync.user(updated.id()));
            }
            boolean tokenGone = action == RemoteApiAction.DISABLE
                    || (action == RemoteApiAction.GENERATE_TOKEN && u.remoteApiToken() != null);
            if (tokenGone && u.remoteApiToken() != null) {
                broker.control(new Broker.Control.RevokeCredential(u.remoteApiToken()));
            }
            return updated;
        } finally {
            lock.unlock();
        }
    }

    /** The user a remote-API bearer token acts as, if the token is current and the API is enabled for them. */
    public Optional<User> byRemoteToken(String token) {
        return directory.userByRemoteToken(token).filter(User::remoteApiEnabled);
    }
}
