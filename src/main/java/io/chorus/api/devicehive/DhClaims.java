package io.chorus.api.devicehive;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A DeviceHive token's {@code payload} claim: user id {@code u}, permission ids {@code a} (0 = all), network ids
 * {@code n} and device type ids {@code dt} as strings ("*" = all), expiry {@code e} in epoch ms and type {@code t}
 * (1 access, 0 refresh).
 */
record DhClaims(long userId, List<Integer> actions, List<String> networkIds, List<String> deviceTypeIds, long expiresAt,
                int type) {
    static final int ACCESS = 1;
    static final int REFRESH = 0;

    DhClaims {
        actions = List.copyOf(actions);
        networkIds = List.copyOf(networkIds);
        deviceTypeIds = List.copyOf(deviceTypeIds);
    }

    DhClaims withType(int newType, long newExpiry) {
        return new DhClaims(userId, actions, networkIds, deviceTypeIds, newExpiry, newType);
    }

    Set<DhPermission> permissions() {
        if (actions.contains(DhPermission.ANY.id)) return EnumSet.allOf(DhPermission.class);
        Set<DhPermission> out = EnumSet.noneOf(DhPermission.class);
        if (actions.isEmpty()) return EnumSet.copyOf(DhPermission.CLIENT);
        for (int a : actions) DhPermission.byId(a).ifPresent(out::add);
        return out;
    }

    /** The networks the token reaches, or null for all. */
    Set<Long> networks() { return ids(networkIds); }

    /** The device types the token reaches, or null for all. */
    Set<Long> deviceTypes() { return ids(deviceTypeIds); }

    private static Set<Long> ids(List<String> list) {
        if (list.contains("*")) return null;
        Set<Long> out = new HashSet<>();
        for (String s : list) {
            try {
                out.add(Long.parseLong(s));
            } catch (NumberFormatException ignored) {
                // Not an id: reaches nothing.
            }
        }
        return out;
    }
}
