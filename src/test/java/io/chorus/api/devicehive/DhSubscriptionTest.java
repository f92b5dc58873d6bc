package io.chorus.api.devicehive;

import io.chorus.core.device.DeviceCommand;
import io.chorus.core.device.DeviceEvent;
import io.chorus.core.device.DeviceNotification;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The live floor that keeps a resumed subscription or poll from repeating an item whose publication trailed. */
class DhSubscriptionTest {
    static DhSubscription notifications(Long floor) {
        return new DhSubscription(1, false, "d", null, null, null, false, floor == null ? null : "t", floor);
    }

    static DeviceEvent notification(long time) {
        return new DeviceEvent.Notification(new DeviceNotification(time, "d", 1L, 1L, "n", null, time));
    }

    static DeviceEvent command(long created, long updated, boolean isUpdate) {
        return new DeviceEvent.Command(new DeviceCommand(created, "d", 1L, 1L, "c", null, null, null, null, null, created, updated), isUpdate);
    }

    @Test
    void liveItemsAtOrBelowTheFloorAreThoseTheClientHasOrTheBacklogCovers() {
        DhSubscription s = notifications(1_000L);
        assertThat(s.matches(notification(999))).isFalse();
        assertThat(s.matches(notification(1_000))).as("the item whose timestamp the client resumed from").isFalse();
        assertThat(s.matches(notification(1_001))).isTrue();
        assertThat(notifications(null).matches(notification(5))).as("no timestamp, no floor").isTrue();
    }

    @Test
    void newCommandsHaveTheFloorUpdatesDoNot() {
        DhSubscription inserts = new DhSubscription(1, true, "d", null, null, null, false, "t", 1_000L);
        assertThat(inserts.matches(command(900, 900, false))).isFalse();
        assertThat(inserts.matches(command(1_100, 1_100, false))).isTrue();
        DhSubscription updates = new DhSubscription(1, true, "d", null, null, null, true, "t", 1_000L);
        assertThat(updates.matches(command(900, 1_200, true))).as("an update of an older command is news").isTrue();
    }

    @Test
    void theFloorIsTheTimestampUnlessItLiesAheadOfTheServer() {
        long now = System.currentTimeMillis();
        assertThat(DhSubscription.startingAfter(null, now)).isNull();
        assertThat(DhSubscription.startingAfter(now - 60_000, now)).isEqualTo(now - 60_000);
        // A timestamp a minute ahead (a client's clock ahead, or store times run ahead under a burst): the floor is
        // what the server had stored by then, so items stored afterwards still arrive live.
        assertThat(DhSubscription.startingAfter(now + 60_000, now + 5)).isBetween(now + 5, now + 10_000);
    }
}
