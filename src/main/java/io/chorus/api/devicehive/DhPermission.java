package io.chorus.api.devicehive;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** DeviceHive's permissions ("HiveAction") with the numeric ids tokens carry. */
enum DhPermission {
    ANY(0), NONE(1), GET_NETWORK(2), GET_DEVICE(3), GET_DEVICE_NOTIFICATION(4), GET_DEVICE_COMMAND(5),
    REGISTER_DEVICE(6), CREATE_DEVICE_COMMAND(7), UPDATE_DEVICE_COMMAND(8), CREATE_DEVICE_NOTIFICATION(9),
    GET_CURRENT_USER(10), UPDATE_CURRENT_USER(11), MANAGE_USER(12), MANAGE_CONFIGURATION(13), MANAGE_NETWORK(14),
    MANAGE_TOKEN(15), MANAGE_PLUGIN(16), GET_DEVICE_TYPE(17), MANAGE_DEVICE_TYPE(18);

    final int id;

    DhPermission(int id) { this.id = id; }

    /** What a client-role user gets at login. */
    static final Set<DhPermission> CLIENT = EnumSet.of(GET_NETWORK, GET_DEVICE, GET_DEVICE_NOTIFICATION, GET_DEVICE_COMMAND,
            REGISTER_DEVICE, CREATE_DEVICE_COMMAND, UPDATE_DEVICE_COMMAND, CREATE_DEVICE_NOTIFICATION, GET_CURRENT_USER,
            UPDATE_CURRENT_USER, MANAGE_TOKEN, MANAGE_PLUGIN, GET_DEVICE_TYPE);

    /** The API's name: GetNetwork, ManageDeviceType, ... */
    String apiName() {
        StringBuilder b = new StringBuilder();
        for (String part : name().split("_")) b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        return b.toString();
    }

    static Optional<DhPermission> byId(int id) {
        for (DhPermission p : values()) if (p.id == id) return Optional.of(p);
        return Optional.empty();
    }

    static Optional<DhPermission> byName(String name) {
        for (DhPermission p : values()) if (p.apiName().equalsIgnoreCase(name)) return Optional.of(p);
        return Optional.empty();
    }
}
