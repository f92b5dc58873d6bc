package io.chorus.api.devicehive;

/**
 * DeviceHive settings.
 *
 * @param adminPassword  the default admin's password at first start (null: generated and printed once)
 * @param jwtSecret      what tokens are signed with (null: derived from the admin token, shared by a cluster)
 * @param retentionDays  how long commands and notifications are kept (0 = forever)
 */
public record DeviceHiveOptions(String adminPassword, String jwtSecret, int retentionDays) {
    public static final DeviceHiveOptions DEFAULTS = new DeviceHiveOptions(null, null, 30);

    public DeviceHiveOptions {
        if (retentionDays < 0) throw new IllegalArgumentException("retention must be 0 (forever) or a number of days");
    }

    public DeviceHiveOptions withAdminPassword(String password) { return new DeviceHiveOptions(password, jwtSecret, retentionDays); }
}
