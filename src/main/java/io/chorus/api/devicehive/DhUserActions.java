package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.DeviceAccount;
import io.chorus.core.device.DeviceDomain;
import io.chorus.core.device.DeviceType;
import io.chorus.core.device.Network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** user/*: the device API's accounts, the current user, and which networks and device types a user reaches. */
final class DhUserActions {
    private final DeviceDomain devices;
    private final DhJson json;

    DhUserActions(DeviceDomain devices, DhJson json) {
        this.devices = devices;
        this.json = json;
    }

    void register(DhActions a) {
        a.on("user/list", this::list).on("user/count", r -> json.object().put("count", filtered(r).size()))
                .on("user/get", this::get).on("user/insert", this::insert).on("user/update", this::update)
                .on("user/delete", this::delete).on("user/getCurrent", this::getCurrent)
                .on("user/updateCurrent", this::updateCurrent)
                .on("user/getNetwork", this::getNetwork).on("user/assignNetwork", r -> network(r, true))
                .on("user/unassignNetwork", r -> network(r, false))
                .on("user/getDeviceTypes", this::getDeviceTypes).on("user/getDeviceType", this::getDeviceType)
                .on("user/assignDeviceType", r -> deviceType(r, true)).on("user/unassignDeviceType", r -> deviceType(r, false))
                .on("user/allowAllDeviceTypes", r -> allTypes(r, true)).on("user/disallowAllDeviceTypes", r -> allTypes(r, false));
    }

    /** {@code {id, login, role, status, lastLogin, data, introReviewed, allDeviceTypesAvailable}}: role and status as ints. */
    ObjectNode user(DeviceAccount a) {
        ObjectNode o = json.object().put("id", a.id()).put("login", a.login()).put("role", a.role().ordinal())
                .put("status", a.status().ordinal());
        o.put("lastLogin", a.lastLogin() == null ? null : DhJson.timestamp(a.lastLogin()));
        o.set("data", json.data(a.data()));
        return o.put("introReviewed", a.introReviewed()).put("allDeviceTypesAvailable", a.allDeviceTypes());
    }

    private DeviceAccount account(DhRequest r) {
        long id = r.requiredId("userId", "User");
        return devices.account(id).orElseThrow(() -> DhError.notFound("User with id = " + id + " not found"));
    }

    private List<DeviceAccount> filtered(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        String login = r.text("login");
        String pattern = r.text("loginPattern");
        Pattern like = pattern == null ? null : Pattern.compile(pattern.replace("%", ".*").replace("_", "."));
        Integer role = r.get("role") == null ? null : r.intOr("role", 0);
        Integer status = r.get("status") == null ? null : r.intOr("status", 0);
        List<DeviceAccount> out = new ArrayList<>();
        for (DeviceAccount a : devices.accounts()) {
            if (login != null && !login.equals(a.login())) continue;
            if (like != null && !like.matcher(a.login()).matches()) continue;
            if (role != null && a.role().ordinal() != role) continue;
            if (status != null && a.status().ordinal() != status) continue;
            out.add(a);
        }
        return out;
    }

    private ObjectNode list(DhRequest r) {
        List<DeviceAccount> users = filtered(r);
        String field = r.text("sortField");
        Comparator<DeviceAccount> c = field == null || field.equalsIgnoreCase("id") ? Comparator.comparingLong(DeviceAccount::id)
                : field.equalsIgnoreCase("login") ? Comparator.comparing(DeviceAccount::login) : null;
        if (c == null) throw DhError.badRequest("Invalid request parameters");
        String order = r.text("sortOrder");
        if (order != null && !order.equalsIgnoreCase("ASC") && !order.equalsIgnoreCase("DESC")) {
            throw DhError.badRequest("Unparseable sort order : " + order);
        }
        users.sort(order != null && order.toUpperCase(Locale.ROOT).equals("DESC") ? c.reversed() : c);
        ObjectNode out = json.object();
        ArrayNode list = out.putArray("users");
        users.stream().skip(r.intOr("skip", 0)).limit(r.intOr("take", DhDirectoryActions.DEFAULT_TAKE)).forEach(a -> list.add(user(a)));
        return out;
    }

    private ObjectNode get(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        ObjectNode u = user(a);
        ArrayNode networks = u.putArray("networks");
        for (long n : a.networkIds()) devices.network(n).ifPresent(x -> networks.add(json.network(x)));
        ObjectNode out = json.object();
        out.set("user", u);
        return out;
    }

    private ObjectNode insert(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        DhRequest f = fields(r);
        DeviceAccount a = devices.createAccount(f.text("login"), f.text("password"), role(f, DeviceAccount.Role.CLIENT),
                status(f, DeviceAccount.Status.ACTIVE), jsonText(f.get("data")), f.bool("introReviewed", false),
                f.bool("allDeviceTypesAvailable", true));
        ObjectNode out = json.object();
        out.putObject("user").put("id", a.id());
        return out;
    }

    private ObjectNode update(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        apply(a, fields(r), p.account().isAdmin());
        return null;
    }

    /** Nobody deletes the account their own token speaks for (403, the reference's text). */
    private ObjectNode delete(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        if (a.id() == p.account().id()) {
            throw new DhError(403, "You can not delete a user or access key that you use to authenticate this request");
        }
        devices.deleteAccount(a.id());
        return null;
    }

    private ObjectNode getCurrent(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_CURRENT_USER);
        DeviceAccount a = devices.account(p.account().id()).orElseThrow(() -> new DhError(401, "Unauthorized"));
        ObjectNode out = json.object();
        out.set("current", user(a));
        return out;
    }

    /** A user may change their own password, data and intro flag; login, role and status are an admin's to change. */
    private ObjectNode updateCurrent(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.UPDATE_CURRENT_USER);
        DeviceAccount a = devices.account(p.account().id()).orElseThrow(() -> new DhError(401, "Unauthorized"));
        apply(a, fields(r), p.account().isAdmin());
        return null;
    }

    /** Changes an account; only an admin changes a login, role or status (even a client holding ManageUser may not). */
    private void apply(DeviceAccount a, DhRequest f, boolean byAdmin) {
        ObjectNode b = f.body;
        if (!byAdmin && (b.has("login") || b.has("role") || b.has("status"))) {
            throw new DhError(403, "Admin permissions required for this action");
        }
        DeviceAccount changed = a.with(b.has("login") ? f.text("login") : a.login(), a.passwordHash(), role(f, a.role()),
                status(f, a.status()), b.has("data") ? jsonText(f.get("data")) : a.data(),
                f.bool("introReviewed", a.introReviewed()), f.bool("allDeviceTypesAvailable", a.allDeviceTypes()));
        devices.updateAccount(changed, b.has("password") ? f.text("password") : null);
    }

    private static DhRequest fields(DhRequest r) {
        ObjectNode u = r.object("user");
        if (u == null) throw DhError.badRequest("Invalid request parameters");
        return new DhRequest(u, r.connection);
    }

    private static DeviceAccount.Role role(DhRequest f, DeviceAccount.Role fallback) {
        if (f.get("role") == null) return fallback;
        int v = f.intOr("role", -1);
        if (v < 0 || v >= DeviceAccount.Role.values().length) throw DhError.badRequest("Invalid request parameters");
        return DeviceAccount.Role.values()[v];
    }

    private static DeviceAccount.Status status(DhRequest f, DeviceAccount.Status fallback) {
        if (f.get("status") == null) return fallback;
        int v = f.intOr("status", -1);
        if (v < 0 || v >= DeviceAccount.Status.values().length) throw DhError.badRequest("Invalid request parameters");
        return DeviceAccount.Status.values()[v];
    }

    private static String jsonText(JsonNode v) { return v == null || v.isNull() ? null : v.toString(); }

    // ---- networks and device types of a user

    private ObjectNode getNetwork(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        long n = r.requiredId("networkId", "Network");
        Network network = devices.network(n).filter(x -> a.networkIds().contains(x.id())).orElseThrow(() ->
                DhError.notFound("Network with id " + n + " for user with id " + a.id() + " was not found"));
        // The reference answers a user's network as {"network": {network}}, wrapped once more on WebSocket.
        ObjectNode out = json.object();
        out.putObject("network").set("network", json.network(network));
        return out;
    }

    private ObjectNode network(DhRequest r, boolean assign) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        long n = r.requiredId("networkId", "Network");
        devices.network(n).orElseThrow(() -> DhError.notFound("Network with id = " + n + " not found"));
        Set<Long> networks = new HashSet<>(a.networkIds());
        if (assign) networks.add(n);
        else networks.remove(n);
        devices.updateAccount(a.withScope(networks, a.deviceTypeIds()), null);
        return null;
    }

    private ObjectNode getDeviceTypes(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        ObjectNode out = json.object();
        ArrayNode list = out.putArray("deviceTypes");
        for (DeviceType t : devices.deviceTypes()) {
            if (a.allDeviceTypes() || a.deviceTypeIds().contains(t.id())) list.add(json.deviceType(t));
        }
        return out;
    }

    private ObjectNode getDeviceType(DhRequest r) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        long t = r.requiredId("deviceTypeId", "Device type");
        DeviceType type = devices.deviceType(t).orElseThrow(() -> DhError.notFound("Device type with id = " + t + " not found"));
        if (!a.allDeviceTypes() && !a.deviceTypeIds().contains(t)) {
            throw DhError.notFound("Device type with id = " + t + " for user with id = " + a.id() + " not found");
        }
        ObjectNode out = json.object();
        out.set("deviceType", json.deviceType(type));
        return out;
    }

    private ObjectNode deviceType(DhRequest r, boolean assign) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        long t = r.requiredId("deviceTypeId", "Device type");
        devices.deviceType(t).orElseThrow(() -> DhError.notFound("Device type with id = " + t + " not found"));
        if (a.allDeviceTypes()) throw DhError.badRequest("Cannot change device types of a user who has access to all of them");
        Set<Long> types = new HashSet<>(a.deviceTypeIds());
        if (assign) types.add(t);
        else types.remove(t);
        devices.updateAccount(a.withScope(a.networkIds(), types), null);
        return null;
    }

    private ObjectNode allTypes(DhRequest r, boolean all) {
        r.require(DhPermission.MANAGE_USER);
        DeviceAccount a = account(r);
        devices.updateAccount(a.with(a.login(), a.passwordHash(), a.role(), a.status(), a.data(), a.introReviewed(), all), null);
        return null;
    }
}
