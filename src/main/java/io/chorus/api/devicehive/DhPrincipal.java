package io.chorus.api.devicehive;

import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceAccount;

import java.util.Set;

/** An authenticated caller: its account and what its token allows (null sets = every network / device type). */
record DhPrincipal(DeviceAccount account, DhClaims claims, Set<DhPermission> permissions, Set<Long> networks,
                   Set<Long> deviceTypes) {
    static DhPrincipal of(DeviceAccount account, DhClaims claims) {
        return new DhPrincipal(account, claims, claims.permissions(), claims.networks(), claims.deviceTypes());
    }

    boolean reachesNetwork(Long id) { return networks == null || (id != null && networks.contains(id)); }

    boolean reachesDeviceType(Long id) { return deviceTypes == null || (id != null && deviceTypes.contains(id)); }

    /** A device is reachable when both its network and its type are. */
    boolean reaches(Device d) { return reachesNetwork(d.networkId()) && reachesDeviceType(d.deviceTypeId()); }
}
