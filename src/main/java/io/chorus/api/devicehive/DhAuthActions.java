package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.DeviceAccount;
import io.chorus.core.device.DeviceDomain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** authenticate, token, token/refresh, token/create and server/info. */
final class DhAuthActions {
    private final DeviceDomain devices;
    private final DhTokens tokens;
    private final DhJson json;

    DhAuthActions(DeviceDomain devices, DhTokens tokens, DhJson json) {
        this.devices = devices;
        this.tokens = tokens;
        this.json = json;
    }

    void register(DhActions actions) {
        actions.on("authenticate", this::authenticate)
                .on("token", this::login)
                .on("token/refresh", this::refresh)
                .on("token/create", this::create);
    }

    /** The caller behind an access token: 401 for a refresh token, an unknown or inactive account. */
    DhPrincipal principal(String token) {
        DhClaims c = tokens.verify(token);
        if (c.type() != DhClaims.ACCESS) throw DhError.invalidCredentials();
        DeviceAccount a = devices.account(c.userId()).filter(x -> x.status() == DeviceAccount.Status.ACTIVE)
                .orElseThrow(DhError::invalidCredentials);
        return DhPrincipal.of(a, c);
    }

    /** Also the account's last login, as the reference records a WebSocket authentication. */
    private ObjectNode authenticate(DhRequest r) {
        String token = r.text("token");
        if (token == null || token.isBlank()) throw new DhError(401, "Unauthorized");
        DhPrincipal p = principal(token);
        r.connection.authenticated(p);
        devices.signedIn(p.account());
        return null;
    }

    private ObjectNode login(DhRequest r) {
        String login = r.text("login");
        DeviceAccount a = devices.login(login, r.text("password")).orElseThrow(() -> devices.accountExists(login)
                ? DhError.invalidCredentials() : new DhError(401, "User with login = " + login + " not found or bad password"));
        DhClaims access = loginClaims(a, System.currentTimeMillis() + DhTokens.ACCESS_LIFETIME_MS);
        return pair(access, access.withType(DhClaims.REFRESH, System.currentTimeMillis() + DhTokens.REFRESH_LIFETIME_MS));
    }

    /** An admin reaches everything; a client its permission set, its networks and its device types. */
    static DhClaims loginClaims(DeviceAccount a, long expiresAt) {
        if (a.isAdmin()) return new DhClaims(a.id(), List.of(DhPermission.ANY.id), List.of("*"), List.of("*"), expiresAt, DhClaims.ACCESS);
        List<Integer> actions = new ArrayList<>();
        for (DhPermission p : DhPermission.CLIENT) actions.add(p.id);
        List<String> networks = a.networkIds().stream().sorted().map(String::valueOf).toList();
        List<String> types = a.allDeviceTypes() ? List.of("*") : a.deviceTypeIds().stream().sorted().map(String::valueOf).toList();
        return new DhClaims(a.id(), actions, networks, types, expiresAt, DhClaims.ACCESS);
    }

    /**
     * A new access token for a refresh token, checked in the reference's order and with its texts: the signature
     * ("Unauthorized"), the type ("Invalid token type"), the expiry ("Token has expired"), then the account. A
     * refresh counts as the account's last login, as in the reference.
     */
    private ObjectNode refresh(DhRequest r) {
        DhClaims c;
        try {
            c = tokens.signed(r.text("refreshToken"));
        } catch (DhError e) {
            throw new DhError(401, "Unauthorized");
        }
        if (c.type() != DhClaims.REFRESH) throw new DhError(401, "Invalid token type");
        if (c.expiresAt() <= System.currentTimeMillis()) throw new DhError(401, "Token has expired");
        DeviceAccount a = devices.account(c.userId()).filter(x -> x.status() == DeviceAccount.Status.ACTIVE)
                .orElseThrow(() -> new DhError(401, "Unauthorized"));
        devices.signedIn(a);
        return json.object().put("accessToken", tokens.sign(c.withType(DhClaims.ACCESS,
                System.currentTimeMillis() + DhTokens.ACCESS_LIFETIME_MS)));
    }

    /**
     * Tokens for a payload. An admin may mint any; anyone else only for themselves and within what their own token
     * allows (the reference leaves this to configuration; narrowing is the safe reading).
     */
    private ObjectNode create(DhRequest r) {
        DhPrincipal caller = r.require(DhPermission.MANAGE_TOKEN);
        ObjectNode p = r.object("payload");
        if (p == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest payload = new DhRequest(p, r.connection);
        long userId = payload.requiredId("userId", "User");
        DeviceAccount target = devices.account(userId).orElseThrow(() -> DhError.notFound("User with id = " + userId + " not found"));
        if (!caller.account().isAdmin() && target.id() != caller.account().id()) throw DhError.denied();
        if (target.status() != DeviceAccount.Status.ACTIVE) throw new DhError(403, "User is locked or disabled");
        List<Integer> actions = actions(p.get("actions"));
        List<String> networks = strings(p.get("networkIds"));
        List<String> types = strings(p.get("deviceTypeIds"));
        if (!caller.account().isAdmin()) {
            actions.removeIf(a -> DhPermission.byId(a).map(x -> !caller.permissions().contains(x)).orElse(true));
            if (caller.networks() != null) networks.removeIf(n -> n.equals("*") || !caller.networks().contains(parse(n)));
            if (caller.deviceTypes() != null) types.removeIf(t -> t.equals("*") || !caller.deviceTypes().contains(parse(t)));
        }
        if (actions.isEmpty()) actions.add(DhPermission.NONE.id);
        long now = System.currentTimeMillis();
        String exp = payload.text("expiration");
        String refreshExp = payload.text("refreshExpiration");
        DhClaims access = new DhClaims(userId, actions, networks, types,
                exp == null ? now + DhTokens.ACCESS_LIFETIME_MS : DhJson.parseTimestamp(exp), DhClaims.ACCESS);
        // As in the reference, the refresh token expires with the access token unless refreshExpiration says otherwise.
        long refreshExpiry = refreshExp != null ? DhJson.parseTimestamp(refreshExp) : exp != null ? access.expiresAt()
                : now + DhTokens.REFRESH_LIFETIME_MS;
        return pair(access, access.withType(DhClaims.REFRESH, refreshExpiry));
    }

    private static Long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Permission names or ids; unknown names are dropped, as the reference does. */
    private static List<Integer> actions(JsonNode list) {
        Set<Integer> out = new LinkedHashSet<>();
        if (list == null || list.isNull()) return new ArrayList<>();
        if (!list.isArray()) throw DhError.badRequest("Invalid request parameters");
        for (JsonNode a : list) {
            if (a.isIntegralNumber()) DhPermission.byId(a.asInt()).ifPresent(x -> out.add(x.id));
            else if (a.isTextual()) DhPermission.byName(a.asText()).ifPresent(x -> out.add(x.id));
        }
        return new ArrayList<>(out);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) return out;
        if (!list.isArray()) throw DhError.badRequest("Invalid request parameters");
        for (JsonNode v : list) if (v.isValueNode()) out.add(v.asText());
        return out;
    }

    private ObjectNode pair(DhClaims access, DhClaims refresh) {
        return json.object().put("accessToken", tokens.sign(access)).put("refreshToken", tokens.sign(refresh));
    }
}
