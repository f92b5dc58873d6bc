package io.chorus.core.device;

import java.util.Set;

/**
 * A user of the device API: a login with a password, a role, a status, and the networks and device types a client
 * may reach ({@code allDeviceTypes} grants every type). Numeric ids, as the API's tokens carry them.
 */
public record DeviceAccount(long id, String login, String passwordHash, Role role, Status status, int loginAttempts,
                            Long lastLogin, String data, boolean introReviewed, boolean allDeviceTypes,
                            Set<Long> networkIds, Set<Long> deviceTypeIds) {
    public DeviceAccount {
        networkIds = Set.copyOf(networkIds);
        deviceTypeIds = Set.copyOf(deviceTypeIds);
    }

    /** Wire values are the enum positions: ADMIN 0, CLIENT 1. */
    public enum Role { ADMIN, CLIENT }

    /** Wire values are the enum positions: ACTIVE 0, LOCKED_OUT 1, DISABLED 2. */
    public enum Status { ACTIVE, LOCKED_OUT, DISABLED }

    public boolean isAdmin() { return role == Role.ADMIN; }

    public DeviceAccount with(String newLogin, String newPasswordHash, Role newRole, Status newStatus, String newData,
                              boolean newIntroReviewed, boolean newAllDeviceTypes) {
        return new DeviceAccount(id, newLogin, newPasswordHash, newRole, newStatus, newStatus == Status.ACTIVE ? 0 : loginAttempts,
                lastLogin, newData, newIntroReviewed, newAllDeviceTypes, networkIds, deviceTypeIds);
    }

    public DeviceAccount withScope(Set<Long> networks, Set<Long> types) {
        return new DeviceAccount(id, login, passwordHash, role, status, loginAttempts, lastLogin, data, introReviewed,
                allDeviceTypes, networks, types);
    }

    public DeviceAccount withLogin(Status newStatus, int attempts, Long at) {
        return new DeviceAccount(id, login, passwordHash, role, newStatus, attempts, at, data, introReviewed,
                allDeviceTypes, networkIds, deviceTypeIds);
    }
}
