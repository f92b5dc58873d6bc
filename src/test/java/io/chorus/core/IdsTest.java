package io.chorus.core;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {
    @Test
    void messageIdsHaveTheHex160ShapeStartWithTheirTimeAndDoNotRepeat() throws Exception {
        long before = System.currentTimeMillis();
        String first = Ids.messageId();
        assertThat(Ids.isHex160(first)).isTrue();
        assertThat(first).matches("0x[0-9a-f]{40}");
        long time = Long.parseLong(first.substring(2, 14), 16);
        assertThat(time).isBetween(before, System.currentTimeMillis());

        Thread.sleep(2);
        String later = Ids.messageId();
        assertThat(later.compareTo(first)).as("ids of later milliseconds sort after").isPositive();

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) assertThat(seen.add(Ids.messageId())).isTrue();
    }
}
