package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceCommand;
import io.chorus.core.device.DeviceDomain;
import io.chorus.core.device.DeviceEvent;
import io.chorus.core.device.DeviceNotification;
import io.chorus.store.DeviceStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** command/*, notification/* and subscription/list: devices' messages, stored, listed and pushed to subscribers. */
final class DhMessageActions {
    private static final AtomicLong LAST_SUBSCRIPTION_ID = new AtomicLong();

    private final DeviceDomain devices;
    private final DhJson json;

    DhMessageActions(DeviceDomain devices, DhJson json) {
        this.devices = devices;
        this.json = json;
    }

    void register(DhActions a) {
        a.on("command/insert", this::commandInsert).on("command/update", this::commandUpdate)
                .on("command/get", this::commandGet).on("command/list", this::commandList)
                .on("command/subscribe", r -> subscribe(r, true)).on("command/unsubscribe", r -> unsubscribe(r, true))
                .on("notification/insert", this::notificationInsert).on("notification/get", this::notificationGet)
                .on("notification/list", this::notificationList)
                .on("notification/subscribe", r -> subscribe(r, false)).on("notification/unsubscribe", r -> unsubscribe(r, false))
                .on("subscription/list", this::subscriptionList);
    }

    private Device device(DhRequest r, DhPrincipal p) {
        String id = r.text("deviceId");
        if (id == null || id.isEmpty()) throw DhError.badRequest("Device id is wrong or empty");
        return DhDirectoryActions.reachable(devices, p, id);
    }

    /**
     * The device of a notification read: the reference does not scope notification/get and notification/list to the
     * device at all, and answers an unknown one with 404 whoever asks. Chorus keeps the scope (a device out of reach
     * is 403) but gives the same 404 for one that does not exist.
     */
    private Device notificationDevice(DhRequest r, DhPrincipal p) {
        String id = r.text("deviceId");
        if (id == null || id.isEmpty()) throw DhError.badRequest("Device id is wrong or empty");
        if (devices.device(id).isEmpty()) throw DhError.notFound("Device with such deviceId = " + id + " not found");
        return DhDirectoryActions.reachable(devices, p, id);
    }

    /** A message without its name is malformed: the reference's validation answers "Invalid request parameters". */
    private static String requiredName(DhRequest f, String field) {
        String name = f.text(field);
        if (name == null) throw DhError.badRequest("Invalid request parameters");
        return name;
    }

    private static String jsonText(JsonNode v) { return v == null || v.isNull() ? null : v.toString(); }

    private static Long time(DhRequest r, String field) {
        String t = r.text(field);
        return t == null ? null : DhJson.parseTimestamp(t);
    }

    // ---- commands

    private ObjectNode commandInsert(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.CREATE_DEVICE_COMMAND);
        Device d = device(r, p);
        ObjectNode c = r.object("command");
        if (c == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest f = new DhRequest(c, r.connection);
        JsonNode lifetime = f.get("lifetime");
        if (lifetime != null && !lifetime.canConvertToInt()) throw DhError.badRequest("Invalid request parameters");
        DeviceCommand saved = devices.insertCommand(d, requiredName(f, "command"), jsonText(c.get("parameters")),
                lifetime == null ? null : lifetime.asInt(), f.text("status"), jsonText(c.get("result")), p.account().id(),
                time(f, "timestamp"));
        ObjectNode out = json.object();
        out.putObject("command").put("id", saved.id()).put("timestamp", DhJson.timestamp(saved.timestamp()))
                .put("lastUpdated", DhJson.timestamp(saved.lastUpdated())).put("userId", saved.userId());
        return out;
    }

    private ObjectNode commandUpdate(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.UPDATE_DEVICE_COMMAND);
        Device d = device(r, p);
        long id = r.requiredId("commandId", "Command");
        ObjectNode c = r.object("command");
        if (c == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest f = new DhRequest(c, r.connection);
        boolean newStatus = c.has("status");
        boolean newResult = c.has("result");
        String status = newStatus ? f.text("status") : null;
        String result = newResult ? jsonText(c.get("result")) : null;
        // A field left out keeps its stored value, read in the same write.
        devices.updateCommand(d, id, current -> current.withOutcome(newStatus ? status : current.status(),
                        newResult ? result : current.result(), 0))
                .orElseThrow(() -> DhError.notFound("Command with id = " + id + " not found"));
        return null;
    }

    private ObjectNode commandGet(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_COMMAND);
        Device d = device(r, p);
        long id = r.requiredId("commandId", "Command");
        // With returnUpdatedCommands only a command's updated form is asked for: one never updated is not found.
        boolean updatedOnly = r.bool("returnUpdatedCommands", false);
        DeviceCommand c = devices.store().command(id).filter(x -> x.deviceId().equals(d.id()))
                .filter(x -> !updatedOnly || x.lastUpdated() > x.timestamp())
                .orElseThrow(() -> DhError.notFound("Command with id = " + id + " not found"));
        ObjectNode out = json.object();
        out.set("command", json.command(c));
        return out;
    }

    private ObjectNode commandList(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_COMMAND);
        Device d = device(r, p);
        String name = r.text("command");
        List<DeviceCommand> found = devices.store().commands(query(r, d.id(), name, r.text("status")));
        ObjectNode out = json.object();
        ArrayNode list = out.putArray("commands");
        for (DeviceCommand c : sorted(found, r.text("sortField"), true)) list.add(json.command(c));
        return out;
    }

    // ---- notifications

    private ObjectNode notificationInsert(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.CREATE_DEVICE_NOTIFICATION);
        Device d = device(r, p);
        if (d.networkId() == null) throw DhError.denied();
        ObjectNode n = r.object("notification");
        if (n == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest f = new DhRequest(n, r.connection);
        DeviceNotification saved = devices.insertNotification(d, requiredName(f, "notification"), jsonText(n.get("parameters")),
                time(f, "timestamp"));
        if (r.connection instanceof DhConnection conn) conn.claim(d);
        ObjectNode out = json.object();
        out.putObject("notification").put("id", saved.id()).put("timestamp", DhJson.timestamp(saved.timestamp()));
        return out;
    }

    private ObjectNode notificationGet(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_NOTIFICATION);
        Device d = notificationDevice(r, p);
        JsonNode idNode = r.get("notificationId");
        if (idNode == null) throw DhError.badRequest("Notification id is wrong or empty");
        long id;
        if (idNode.isIntegralNumber()) {
            id = idNode.asLong();
        } else {
            try {
                id = Long.parseLong(idNode.asText());
            } catch (NumberFormatException e) {
                throw DhError.badRequest("Notification id should be an integer value.");
            }
        }
        DeviceNotification n = devices.store().notification(id).filter(x -> x.deviceId().equals(d.id()))
                .orElseThrow(() -> DhError.notFound("Requested notification not found"));
        ObjectNode out = json.object();
        out.set("notification", json.notification(n));
        return out;
    }

    private ObjectNode notificationList(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_NOTIFICATION);
        Device d = notificationDevice(r, p);
        List<DeviceNotification> found = devices.store().notifications(query(r, d.id(), r.text("notification"), null));
        ObjectNode out = json.object();
        ArrayNode list = out.putArray("notifications");
        for (DeviceNotification n : sorted(found, r.text("sortField"), false)) list.add(json.notification(n));
        return out;
    }

    /** A device's list: {@code start}/{@code end} times, a name, paging (take 20 by default) and the sort order. */
    private DeviceStore.MessageQuery query(DhRequest r, String deviceId, String name, String status) {
        String order = r.text("sortOrder");
        boolean desc = false;
        if (order != null) {
            String o = order.toUpperCase(Locale.ROOT);
            if (!o.equals("ASC") && !o.equals("DESC")) throw DhError.badRequest("Unparseable sort order : " + order);
            desc = o.equals("DESC");
        }
        int take = r.intOr("take", DhDirectoryActions.DEFAULT_TAKE);
        int skip = r.intOr("skip", 0);
        if (take < 0 || skip < 0) throw DhError.badRequest("Invalid request parameters");
        return new DeviceStore.MessageQuery(deviceId, null, null, name == null ? null : List.of(name), null, time(r, "start"),
                time(r, "end"), status, desc, skip, take);
    }

    /** Timestamp order comes from the store; sorting by name or status is applied to the page. */
    private static <T> List<T> sorted(List<T> items, String field, boolean commands) {
        if (field == null || field.equals("timestamp")) return items;
        List<T> out = new ArrayList<>(items);
        java.util.Comparator<T> c = switch (field) {
            case "command", "notification" -> java.util.Comparator.comparing(x -> x instanceof DeviceCommand dc ? dc.command()
                    : ((DeviceNotification) x).notification());
            case "status" -> {
                if (!commands) throw DhError.badRequest("Invalid request parameters");
                yield java.util.Comparator.comparing(x -> String.valueOf(((DeviceCommand) x).status()));
            }
            default -> throw DhError.badRequest("Invalid request parameters");
        };
        out.sort(c);
        return out;
    }

    // ---- subscriptions

    /**
     * Subscribes; the reply comes first, then the backlog (items after {@code timestamp}, up to {@code limit}), then
     * live items. Live items are held from the moment of subscribing until the backlog is out, so none is lost or
     * sent twice in between.
     */
    private ObjectNode subscribe(DhRequest r, boolean commands) {
        DhPrincipal p = r.require(commands ? DhPermission.GET_DEVICE_COMMAND : DhPermission.GET_DEVICE_NOTIFICATION);
        String deviceId = r.text("deviceId");
        Set<Long> networks;
        Set<Long> types;
        if (deviceId != null) {
            Device d = device(r, p);
            // A connection that listens for a device's commands speaks for that device.
            if (commands && r.connection instanceof DhConnection c) c.claim(d);
            networks = null;
            types = null;
        } else {
            networks = scope(r.get("networkIds"), p.networks(), true, p);
            types = scope(r.get("deviceTypeIds"), p.deviceTypes(), false, p);
            if ((networks != null && networks.isEmpty()) || (types != null && types.isEmpty())) {
                throw new DhError(403, "No access to any device type or network");
            }
        }
        Set<String> names = names(r.get("names"));
        String timestamp = r.text("timestamp");
        Long after = timestamp == null ? null : DhJson.parseTimestamp(timestamp);
        int limit = r.intOr("limit", DhDirectoryActions.DEFAULT_TAKE);
        boolean returnUpdated = commands && r.bool("returnUpdatedCommands", false);
        DhSubscription s = new DhSubscription(nextSubscriptionId(), commands, deviceId, networks, types, names, returnUpdated,
                timestamp, DhSubscription.startingAfter(after, devices.store().timeGivenUpTo()));
        r.socket().onLoop(() -> r.socket().hold(s));
        List<DeviceEvent> backlog = new ArrayList<>();
        if (after != null && limit > 0) {
            DeviceStore.MessageQuery q = new DeviceStore.MessageQuery(deviceId, networks, types, names, after, null, null, null,
                    false, 0, limit);
            if (commands) {
                // An update subscription's backlog is the commands updated after the time.
                for (DeviceCommand c : devices.store().commands(q)) {
                    if (!returnUpdated || c.lastUpdated() > c.timestamp()) backlog.add(new DeviceEvent.Command(c, returnUpdated));
                }
            } else {
                for (DeviceNotification n : devices.store().notifications(q)) backlog.add(new DeviceEvent.Notification(n));
            }
        }
        r.afterReply(() -> r.socket().release(s, backlog));
        return json.object().put("subscriptionId", s.id());
    }

    /** Requested ids, checked against what exists and what the token reaches; none requested = the token's scope. */
    private Set<Long> scope(JsonNode requested, Set<Long> allowed, boolean networks, DhPrincipal p) {
        if (requested == null || requested.isNull()) return allowed;
        if (!requested.isArray()) throw DhError.badRequest("Invalid request parameters");
        Set<Long> ids = new LinkedHashSet<>();
        List<Long> missing = new ArrayList<>();
        for (JsonNode v : requested) {
            long id;
            try {
                id = v.isIntegralNumber() ? v.asLong() : Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                throw DhError.badRequest("Invalid request parameters");
            }
            boolean exists = networks ? devices.network(id).isPresent() : devices.deviceType(id).isPresent();
            if (!exists) missing.add(id);
            else if (allowed != null && !allowed.contains(id)) throw DhError.denied();
            ids.add(id);
        }
        if (!missing.isEmpty()) {
            if (!p.account().isAdmin()) throw DhError.denied();
            throw DhError.notFound((networks ? "Networks with such networkIds wasn't found: {" : "Device types with such "
                    + "deviceTypeIds wasn't found: {") + missing + "}");
        }
        return ids;
    }

    private static Set<String> names(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw DhError.badRequest("Invalid request parameters");
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode n : v) if (n.isValueNode()) out.add(n.asText());
        return out.isEmpty() ? null : out;
    }

    /** Millisecond time times 1000 plus a counter, as the reference makes them; unique per node. */
    private static long nextSubscriptionId() {
        return LAST_SUBSCRIPTION_ID.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis() * 1000));
    }

    private ObjectNode unsubscribe(DhRequest r, boolean commands) {
        r.require(commands ? DhPermission.GET_DEVICE_COMMAND : DhPermission.GET_DEVICE_NOTIFICATION);
        Long id = r.id("subscriptionId", "Subscription");
        boolean[] found = {false};
        r.socket().onLoop(() -> found[0] = r.socket().unsubscribe(id, commands));
        if (!found[0]) throw DhError.notFound("Subscription with id " + id + " was not found");
        return null;
    }

    private ObjectNode subscriptionList(DhRequest r) {
        DhPrincipal p = r.connection.principal();
        if (p == null) throw new DhError(401, "Unauthorized");
        if (!p.permissions().contains(DhPermission.GET_DEVICE_COMMAND) && !p.permissions().contains(DhPermission.GET_DEVICE_NOTIFICATION)) {
            throw DhError.denied();
        }
        String type = r.text("type");
        if (type != null && !type.equals("command") && !type.equals("notification")) throw DhError.badRequest("Invalid request parameters");
        List<DhSubscription> subs = new ArrayList<>();
        r.socket().onLoop(() -> subs.addAll(r.socket().subscriptions()));
        ObjectNode out = json.object();
        ArrayNode list = json.mapper.createArrayNode();
        for (DhSubscription s : subs) {
            if (type != null && s.commands() != type.equals("command")) continue;
            ObjectNode o = list.addObject().put("subscriptionId", s.id()).put("type", s.commands() ? "command" : "notification")
                    .put("deviceId", s.deviceId());
            o.set("networkIds", ids(s.networkIds()));
            o.set("deviceTypeIds", ids(s.deviceTypeIds()));
            ArrayNode names = o.putArray("names");
            if (s.names() != null) s.names().forEach(names::add);
            o.put("timestamp", s.timestamp());
        }
        // The reference answers a session without any subscription with an empty object, and a type with no match
        // with an empty list (its suite asserts exactly both).
        out.set("subscriptions", subs.isEmpty() ? json.object() : list);
        return out;
    }

    private JsonNode ids(Set<Long> ids) {
        if (ids == null) return json.mapper.nullNode();
        ArrayNode a = json.mapper.createArrayNode();
        ids.forEach(a::add);
        return a;
    }
}
