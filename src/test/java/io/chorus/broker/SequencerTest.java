package io.chorus.broker;

import io.chorus.fanout.Publication;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SequencerTest {
    private final List<Object> delivered = new CopyOnWriteArrayList<>();

    private static Publication p(String key, long seq) {
        return new Publication(List.of("c:" + key), null, key + seq, 0, key, seq);
    }

    @Test
    void aMessageThatOvertookItsPredecessorWaitsForIt() {
        try (Sequencer s = new Sequencer(5_000, batch -> batch.forEach(x -> delivered.add(x.event())))) {
            s.accept(List.of(p("a", 1)));
            s.accept(List.of(p("a", 3), p("b", 7)));
            assertThat(delivered).containsExactly("a1", "b7");
            s.accept(List.of(p("a", 2)));
            assertThat(delivered).containsExactly("a1", "b7", "a2", "a3");
            assertThat(s.held()).isZero();
        }
    }

    @Test
    void aGapThatNeverFillsIsGivenUpAfterTheHoldTime() {
        try (Sequencer s = new Sequencer(50, batch -> batch.forEach(x -> delivered.add(x.event())))) {
            s.accept(List.of(p("a", 1), p("a", 3), p("a", 4)));
            assertThat(delivered).containsExactly("a1");
            await().atMost(Duration.ofSeconds(2)).until(() -> delivered.size() == 3);
            assertThat(delivered).containsExactly("a1", "a3", "a4");
            s.accept(List.of(p("a", 2), p("a", 5)));
            // The late one is still delivered (out of order beats lost), and the sequence goes on.
            assertThat(delivered).containsExactly("a1", "a3", "a4", "a2", "a5");
        }
    }

    @Test
    void publicationsWithoutASequencePassStraightThrough() {
        try (Sequencer s = new Sequencer(5_000, batch -> batch.forEach(x -> delivered.add(x.event())))) {
            s.accept(List.of(p("a", 1), p("a", 3)));
            s.accept(List.of(new Publication(List.of("c:a"), null, "ephemeral")));
            assertThat(delivered).containsExactly("a1", "ephemeral");
        }
    }
}
