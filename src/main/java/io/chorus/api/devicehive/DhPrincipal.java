package io.chorus.api.devicehive;

import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceAccount;

import java.util.Set;

/** An authenticated caller: its account and what its token allows (null sets = every network / device type). */
record DhPrincipal(DeviceAccount account, DhClaims claims, Set<DhPermission> permissions, Set<Long> networks,
                   Set<Long> deviceTypes) {
    /**
     * What a token reaches. An admin's token reaches what it names; a client-role user's never goes beyond the user's
     * own networks (and device types, unless the user has all of them): "*" means the user's, and named ids outside
     * them are dropped. So a token minted with more than its user has cannot widen the user's access. A user who has
     * every device type reaches every device type whatever the token's {@code dt} says, as in the reference (its
     * authentication provider ignores {@code dt} for such users): that is no more than the user has.
     */
    static DhPrincipal of(DeviceAccount account, DhClaims claims) {
        Set<Long> networks = claims.networks();
        Set<Long> types = account.allDeviceTypes() ? null : claims.deviceTypes();
        if (!account.isAdmin()) {
            networks = within(networks, account.networkIds());
            if (!account.allDeviceTypes()) types = within(types, account.deviceTypeIds());
        }
        return new DhPrincipal(account, claims, claims.permissions(), networks, types);
    }

    private static Set<Long> within(Set<Long> requested, Set<Long> own) {
        if (requested == null) return own;
        Set<Long> out = new java.util.HashSet<>(requested);
        out.retainAll(own);
        return out;
    }

    /**
     * Whether the caller reaches every network and device type. Only then does it learn that an id does not exist
     * (404); anyone narrower gets 403 for unknown ids too, as in the reference.
     */
    boolean reachesEverything() { return networks == null && deviceTypes == null; }

    boolean reachesAllNetworks() { return networks == null; }

    boolean reachesAllDeviceTypes() { return deviceTypes == null; }

    boolean reachesNetwork(Long id) { return networks == null || (id != null && networks.contains(id)); }

    boolean reachesDeviceType(Long id) { return deviceTypes == null || (id != null && deviceTypes.contains(id)); }

    /** A device is reachable when both its network and its type are. */
    boolean reaches(Device d) { return reachesNetwork(d.networkId()) && reachesDeviceType(d.deviceTypeId()); }
}
