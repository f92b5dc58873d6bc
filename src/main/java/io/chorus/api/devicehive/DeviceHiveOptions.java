package io.chorus.api.devicehive;

/**
 * DeviceHive settings.
 *
 * @param adminPassword  the default admin's password at first start (null: generated and printed once)
 * @param jwtSecret      what tokens are signed with (null: derived from the admin token, shared by a cluster)
 * @param retentionDays  how long commands and notifications are kept (0 = forever)
 * @param referenceTokens whether tokens are keyed as a reference DeviceHive server keys them with JWT_SECRET =
 *                        jwtSecret, so that the tokens it issued stay valid (see {@link DhTokens#referenceKey})
 */
public record DeviceHiveOptions(String adminPassword, String jwtSecret, int retentionDays, boolean referenceTokens) {
    public static final DeviceHiveOptions DEFAULTS = new DeviceHiveOptions(null, null, 30, false);

    public DeviceHiveOptions {
        if (retentionDays < 0) throw new IllegalArgumentException("retention must be 0 (forever) or a number of days");
        if (referenceTokens && (jwtSecret == null || jwtSecret.isBlank())) {
            throw new IllegalArgumentException("reference tokens need the reference's JWT secret");
        }
    }

    public DeviceHiveOptions withAdminPassword(String password) {
        return new DeviceHiveOptions(password, jwtSecret, retentionDays, referenceTokens);
    }
}
