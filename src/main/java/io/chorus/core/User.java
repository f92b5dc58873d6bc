package io.chorus.core;

/**
 * A person or device identity. {@code address} is an Ethereum-style {@code 0x} + 40 hex identity that
 * Diode clients see; {@code remoteApiToken} is the Diode remote-API bearer token (null when none was generated).
 */
public record User(String id, String username, String nickname, String avatarUrl, String address,
                   String passwordHash, boolean remoteApiEnabled, String remoteApiToken, long createdAt) {

    public String displayName() { return nickname == null || nickname.isBlank() ? username : nickname; }

    public User withRemoteApi(boolean enabled, String token) {
        return new User(id, username, nickname, avatarUrl, address, passwordHash, enabled, token, createdAt);
    }
}
