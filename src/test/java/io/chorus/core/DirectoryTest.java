package io.chorus.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The directory's indexes of channels by member, and of members by channel, follow membership changes. */
class DirectoryTest {
    @Test
    void channelsOfAUserFollowTheirMemberships() {
        Directory d = new Directory();
        d.putChannel(new Channel("g", "z", "team", ChannelKind.GROUP, "e", 2, List.of("a", "b")));
        d.putChannel(new Channel("dm", "z", "a, c", ChannelKind.DIRECT, "e", 1, List.of("a", "c")));
        d.putChannel(new Channel("other", "y", "elsewhere", ChannelKind.GROUP, "e", 3, List.of("a")));
        d.putChannel(new Channel("open", "z", "general", ChannelKind.GROUP, "e", 0, List.of()));
        assertThat(d.channelsOf("a", "z")).extracting(Channel::id).containsExactly("dm", "g");
        assertThat(d.channelsOf("b", "z")).extracting(Channel::id).containsExactly("g");

        d.putChannel(new Channel("g", "z", "team", ChannelKind.GROUP, "e", 2, List.of("a", "c")));
        assertThat(d.channelsOf("b", "z")).isEmpty();
        assertThat(d.channelsOf("c", "z")).extracting(Channel::id).containsExactly("dm", "g");
        assertThat(d.channelsOf("nobody", "z")).isEmpty();
    }

    @Test
    void aChannelsMemberSetIsMadeOncePerVersionAndFollowsChanges() {
        Directory d = new Directory();
        Channel v1 = new Channel("g", "z", "team", ChannelKind.GROUP, "e", 2, List.of("a", "b"));
        d.putChannel(v1);
        Set<String> first = d.memberSet(v1);
        assertThat(first).containsExactlyInAnyOrder("a", "b");
        assertThat(d.memberSet(v1)).as("the same version: the same set, not a copy per message").isSameAs(first);

        Channel v2 = new Channel("g", "z", "team", ChannelKind.GROUP, "e", 2, List.of("a", "c"));
        d.putChannel(v2);
        assertThat(d.memberSet(v2)).containsExactlyInAnyOrder("a", "c");
        // A caller still holding the old version gets that version's members, never the other's.
        assertThat(d.memberSet(v1)).containsExactlyInAnyOrder("a", "b");
    }
}
