package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.ConfigProperty;
import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceDomain;
import io.chorus.core.device.DeviceType;
import io.chorus.core.device.Network;
import io.chorus.store.DeviceStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** configuration/*, network/*, devicetype/* and device/*: the directory of the device domain, scoped by token. */
final class DhDirectoryActions {
    /** Lists over WebSocket default to 20 items. */
    static final int DEFAULT_TAKE = 20;

    private final DeviceDomain devices;
    private final DhJson json;

    DhDirectoryActions(DeviceDomain devices, DhJson json) {
        this.devices = devices;
        this.json = json;
    }

    void register(DhActions a) {
        a.on("configuration/get", this::configGet).on("configuration/put", this::configPut)
                .on("configuration/delete", this::configDelete)
                .on("network/list", r -> list(r, "networks", networks(r), (Network n) -> json.network(n), this::networkSort))
                .on("network/count", r -> count(networks(r).size()))
                .on("network/get", this::networkGet).on("network/insert", this::networkInsert)
                .on("network/update", this::networkUpdate).on("network/delete", this::networkDelete)
                .on("devicetype/list", r -> list(r, "deviceTypes", types(r), (DeviceType t) -> json.deviceType(t), this::typeSort))
                .on("devicetype/count", r -> count(types(r).size()))
                .on("devicetype/get", this::typeGet).on("devicetype/insert", this::typeInsert)
                .on("devicetype/update", this::typeUpdate).on("devicetype/delete", this::typeDelete)
                .on("device/get", this::deviceGet).on("device/list", this::deviceListed)
                .on("device/count", r -> count(deviceList(r).size()))
                .on("device/save", this::deviceSave).on("device/delete", this::deviceDelete);
    }

    // ---- configuration

    private ObjectNode configGet(DhRequest r) {
        r.require(DhPermission.MANAGE_CONFIGURATION);
        String name = r.text("name");
        ConfigProperty p = devices.config(name == null ? "" : name)
                .orElseThrow(() -> DhError.notFound("Requested config with name = " + name + " not found in the database"));
        return configuration(p);
    }

    private ObjectNode configPut(DhRequest r) {
        r.require(DhPermission.MANAGE_CONFIGURATION);
        return configuration(devices.putConfig(r.text("name"), r.text("value")));
    }

    private ObjectNode configDelete(DhRequest r) {
        r.require(DhPermission.MANAGE_CONFIGURATION);
        String name = r.text("name");
        if (name == null || !devices.deleteConfig(name)) {
            throw DhError.notFound("Requested config with name = " + name + " not found in the database");
        }
        return null;
    }

    private ObjectNode configuration(ConfigProperty p) {
        ObjectNode out = json.object();
        out.putObject("configuration").put("name", p.name()).put("value", p.value()).put("entityVersion", p.version());
        return out;
    }

    // ---- networks

    private List<Network> networks(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_NETWORK);
        return named(r, devices.networks(), Network::name, n -> p.reachesNetwork(n.id()));
    }

    private Comparator<Network> networkSort(String field) {
        return switch (field) {
            case "name" -> Comparator.comparing(Network::name);
            case "id" -> Comparator.comparingLong(Network::id);
            default -> throw DhError.badRequest("Invalid request parameters");
        };
    }

    /** As for devices: out of scope is 403, and so is unknown unless the caller reaches every network (then 404). */
    private Network reachableNetwork(DhPrincipal p, long id) {
        Network n = devices.network(id).orElse(null);
        if (n == null && p.reachesAllNetworks()) throw DhError.notFound("Network with id = " + id + " not found");
        if (n == null || !p.reachesNetwork(n.id())) throw DhError.denied();
        return n;
    }

    private ObjectNode networkGet(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_NETWORK);
        Network n = reachableNetwork(p, r.requiredId("networkId", "Network"));
        ObjectNode network = json.network(n);
        ArrayNode list = network.putArray("devices");
        for (Device d : devices.devices(new DeviceStore.DeviceQuery(null, null, n.id(), null, null, null))) {
            if (p.reaches(d)) list.add(json.device(d));
        }
        ObjectNode out = json.object();
        out.set("network", network);
        return out;
    }

    private ObjectNode networkInsert(DhRequest r) {
        r.require(DhPermission.MANAGE_NETWORK);
        ObjectNode n = r.object("network");
        if (n == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest fields = new DhRequest(n, r.connection);
        Network created = devices.insertNetwork(fields.text("name"), fields.text("description"));
        ObjectNode out = json.object();
        out.putObject("network").put("id", created.id());
        return out;
    }

    private ObjectNode networkUpdate(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_NETWORK);
        Network n = reachableNetwork(p, r.requiredId("networkId", "Network"));
        ObjectNode changes = r.object("network");
        if (changes == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest fields = new DhRequest(changes, r.connection);
        devices.updateNetwork(new Network(n.id(), changes.has("name") ? fields.text("name") : n.name(),
                changes.has("description") ? fields.text("description") : n.description()));
        return null;
    }

    private ObjectNode networkDelete(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_NETWORK);
        long id = r.requiredId("networkId", "Network");
        reachableNetwork(p, id);
        boolean force = r.bool("force", false);
        if (!force) refuseWhileDevices("network", devices.devices(new DeviceStore.DeviceQuery(null, null, id, null, null, null)));
        devices.store().deleteNetwork(id, force);
        return null;
    }

    /** Without force, a network or device type that still has devices stays, and the reference names them. */
    private static void refuseWhileDevices(String what, List<Device> within) {
        if (within.isEmpty()) return;
        String ids = String.join(", ", within.stream().map(Device::id).toList());
        throw DhError.badRequest("There are the following devices within this " + what + ": " + ids + ". Please review and delete them first.");
    }

    // ---- device types

    private List<DeviceType> types(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_TYPE);
        return named(r, devices.deviceTypes(), DeviceType::name, t -> p.reachesDeviceType(t.id()));
    }

    private Comparator<DeviceType> typeSort(String field) {
        return switch (field) {
            case "name" -> Comparator.comparing(DeviceType::name);
            case "id" -> Comparator.comparingLong(DeviceType::id);
            default -> throw DhError.badRequest("Invalid request parameters");
        };
    }

    private DeviceType reachableType(DhPrincipal p, long id) {
        DeviceType t = devices.deviceType(id).orElse(null);
        if (t == null && p.reachesAllDeviceTypes()) throw DhError.notFound("Device type with id = " + id + " not found");
        if (t == null || !p.reachesDeviceType(t.id())) throw DhError.denied();
        return t;
    }

    private ObjectNode typeGet(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE_TYPE);
        DeviceType t = reachableType(p, r.requiredId("deviceTypeId", "Device type"));
        ObjectNode type = json.deviceType(t);
        ArrayNode list = type.putArray("devices");
        for (Device d : devices.devices(new DeviceStore.DeviceQuery(null, null, null, null, null, List.of(t.id())))) {
            if (p.reaches(d)) list.add(json.device(d));
        }
        ObjectNode out = json.object();
        out.set("deviceType", type);
        return out;
    }

    private ObjectNode typeInsert(DhRequest r) {
        r.require(DhPermission.MANAGE_DEVICE_TYPE);
        ObjectNode t = r.object("deviceType");
        if (t == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest fields = new DhRequest(t, r.connection);
        DeviceType created = devices.insertDeviceType(fields.text("name"), fields.text("description"));
        ObjectNode out = json.object();
        out.putObject("deviceType").put("id", created.id());
        return out;
    }

    private ObjectNode typeUpdate(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_DEVICE_TYPE);
        DeviceType t = reachableType(p, r.requiredId("deviceTypeId", "Device type"));
        ObjectNode changes = r.object("deviceType");
        if (changes == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest fields = new DhRequest(changes, r.connection);
        devices.updateDeviceType(new DeviceType(t.id(), changes.has("name") ? fields.text("name") : t.name(),
                changes.has("description") ? fields.text("description") : t.description()));
        return null;
    }

    private ObjectNode typeDelete(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.MANAGE_DEVICE_TYPE);
        long id = r.requiredId("deviceTypeId", "Device type");
        reachableType(p, id);
        boolean force = r.bool("force", false);
        if (!force) refuseWhileDevices("device type", devices.devices(new DeviceStore.DeviceQuery(null, null, null, null, null, List.of(id))));
        devices.store().deleteDeviceType(id, force);
        return null;
    }

    // ---- devices

    private List<Device> deviceList(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE);
        List<Device> all = devices.devices(new DeviceStore.DeviceQuery(r.text("name"), r.text("namePattern"),
                r.id("networkId", "Network"), r.text("networkName"), p.networks(), p.deviceTypes()));
        return all;
    }

    private ObjectNode deviceListed(DhRequest r) {
        List<Device> found = deviceList(r);
        java.util.Set<String> online = devices.online(found.stream().map(Device::id).toList());
        return list(r, "devices", found, d -> json.device(d, online.contains(d.id())), this::deviceSort);
    }

    private Comparator<Device> deviceSort(String field) {
        return switch (field) {
            case "name" -> Comparator.comparing(Device::name);
            case "network" -> Comparator.comparing(d -> d.networkId() == null ? Long.MIN_VALUE : d.networkId());
            case "status", "id" -> Comparator.comparing(Device::id);
            default -> throw DhError.badRequest("Invalid request parameters");
        };
    }

    private String deviceId(DhRequest r) {
        String id = r.text("deviceId");
        if (id == null || id.isEmpty()) throw DhError.badRequest("Device id is wrong or empty");
        return id;
    }

    private Device reachableDevice(DhPrincipal p, String id) { return reachable(devices, p, id); }

    /**
     * A device the caller may touch. As the reference answers: a device outside the token's scope is 403, and so is
     * an unknown one unless the token reaches every network and device type (then it learns it does not exist, 404).
     */
    static Device reachable(DeviceDomain devices, DhPrincipal p, String id) {
        Device d = devices.device(id).orElse(null);
        if (d == null) {
            if (!p.reachesEverything()) throw DhError.denied();
            throw DhError.notFound("Device with such deviceId = " + id + " not found");
        }
        if (!p.reaches(d)) throw DhError.denied();
        return d;
    }

    private ObjectNode deviceGet(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.GET_DEVICE);
        Device d = reachableDevice(p, deviceId(r));
        ObjectNode out = json.object();
        out.set("device", json.device(d, devices.online(List.of(d.id())).contains(d.id())));
        return out;
    }

    /**
     * Registers or updates a device. A new device without a network or type gets the first one the caller reaches;
     * on an existing one, {@code data} is replaced (null when absent) and the other fields change when given.
     */
    private ObjectNode deviceSave(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.REGISTER_DEVICE);
        String id = deviceId(r);
        if (!DeviceDomain.validDeviceId(id)) throw DhError.badRequest("Device Id can only contain letters, digits and dashes.");
        ObjectNode d = r.object("device");
        if (d == null) throw DhError.badRequest("Invalid request parameters");
        DhRequest fields = new DhRequest(d, r.connection);
        Device existing = devices.device(id).orElse(null);
        // The reference's order and texts: an unknown network or type is a bad parameter, one out of reach is refused.
        Long networkId = fields.id("networkId", "Network");
        if (networkId != null) {
            if (devices.network(networkId).isEmpty()) throw DhError.badRequest("Invalid request parameters");
            if (!p.reachesNetwork(networkId)) throw new DhError(403, "No access to network!");
        }
        Long typeId = fields.id("deviceTypeId", "Device type");
        if (typeId != null) {
            if (devices.deviceType(typeId).isEmpty()) throw DhError.badRequest("Invalid request parameters");
            if (!p.reachesDeviceType(typeId)) throw new DhError(403, "No access to device type!");
        }
        if (existing != null && !p.reaches(existing)) throw new DhError(403, "No access to device");
        if (networkId == null) networkId = existing != null ? existing.networkId() : firstNetwork(p);
        if (typeId == null) typeId = existing != null ? existing.deviceTypeId() : firstType(p);
        final long n = networkId;
        final long t = typeId;
        String name = d.has("name") ? fields.text("name") : existing != null ? existing.name() : id;
        JsonNode data = d.get("data");
        boolean blocked = d.has("isBlocked") ? fields.bool("isBlocked", false) : existing != null && existing.blocked();
        Device saved = new Device(id, name, data == null || data.isNull() ? null : data.toString(), n, t, blocked);
        boolean created = devices.saveDevice(saved);
        // The reference announces registrations as notifications whose parameters are the device.
        devices.insertNotification(saved, created ? "$device-add" : "$device-update", json.device(saved).toString(), null);
        return null;
    }

    private long firstNetwork(DhPrincipal p) {
        return devices.networks().stream().map(Network::id).filter(p::reachesNetwork).findFirst()
                .orElseThrow(() -> new DhError(403, "No access to any network"));
    }

    private long firstType(DhPrincipal p) {
        return devices.deviceTypes().stream().map(DeviceType::id).filter(p::reachesDeviceType).findFirst()
                .orElseThrow(() -> new DhError(403, "No access to device type!"));
    }

    private ObjectNode deviceDelete(DhRequest r) {
        DhPrincipal p = r.require(DhPermission.REGISTER_DEVICE);
        String id = deviceId(r);
        reachableDevice(p, id);
        devices.deleteDevice(id);
        return null;
    }

    // ---- listing

    /** Filters by {@code name} and {@code namePattern} (SQL LIKE: % and _) and by what the caller reaches. */
    private static <T> List<T> named(DhRequest r, List<T> all, Function<T, String> name, java.util.function.Predicate<T> reachable) {
        String exact = r.text("name");
        String pattern = r.text("namePattern");
        Pattern like = pattern == null ? null : like(pattern);
        List<T> out = new ArrayList<>();
        for (T item : all) {
            if (!reachable.test(item)) continue;
            if (exact != null && !exact.equals(name.apply(item))) continue;
            if (like != null && !like.matcher(name.apply(item)).matches()) continue;
            out.add(item);
        }
        return out;
    }

    private static Pattern like(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') re.append(".*");
            else if (c == '_') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Sorts ({@code sortField}, {@code sortOrder} ASC/DESC), pages ({@code take}, {@code skip}) and renders. */
    private <T> ObjectNode list(DhRequest r, String key, List<T> items, Function<T, ObjectNode> render,
                                Function<String, Comparator<T>> sorts) {
        String order = r.text("sortOrder");
        boolean desc = false;
        if (order != null) {
            String o = order.toUpperCase(Locale.ROOT);
            if (!o.equals("ASC") && !o.equals("DESC")) throw DhError.badRequest("Unparseable sort order : " + order);
            desc = o.equals("DESC");
        }
        String field = r.text("sortField");
        List<T> sorted = new ArrayList<>(items);
        if (field != null) {
            Comparator<T> c = sorts.apply(field);
            sorted.sort(desc ? c.reversed() : c);
        } else if (desc) {
            java.util.Collections.reverse(sorted);
        }
        int take = r.intOr("take", DEFAULT_TAKE);
        int skip = r.intOr("skip", 0);
        if (take < 0 || skip < 0) throw DhError.badRequest("Invalid request parameters");
        ObjectNode out = json.object();
        ArrayNode list = out.putArray(key);
        sorted.stream().skip(skip).limit(take).forEach(item -> list.add(render.apply(item)));
        return out;
    }

    private ObjectNode count(int n) { return json.object().put("count", n); }
}
