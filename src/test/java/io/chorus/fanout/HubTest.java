package io.chorus.fanout;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub's routing: shards, topic interest, deduplication across topics, audiences, encode-once, order. */
class HubTest {
    final ExecutorService loop0 = Executors.newSingleThreadExecutor();
    final ExecutorService loop1 = Executors.newSingleThreadExecutor();
    Hub hub;

    static final class CountingFormat extends WireFormat<String> {
        final AtomicInteger encodings = new AtomicInteger();

        @Override
        protected String encode(Object event) {
            encodings.incrementAndGet();
            return "frame:" + event;
        }
    }

    final CountingFormat format = new CountingFormat();

    final class TestSession extends Session {
        final List<String> received = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();

        TestSession(Shard shard, String user) {
            super(shard, "test");
            onLoop(shard, () -> {
                opened();
                authenticated(user, "cred-" + user);
                return null;
            });
        }

        @Override
        protected void deliver(Publication p) { received.add(p.frame(format)); }

        @Override
        protected void flush() { flushes.incrementAndGet(); }

        @Override
        public void close(CloseReason reason) { received.add("closed:" + reason.text()); ended(); }

        void sub(String topic) { onLoop(shard(), () -> subscribe(topic)); }
    }

    static <T> T onLoop(Shard shard, Callable<T> c) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        shard.loop().execute(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.join();
    }

    @BeforeEach
    void setUp() {
        hub = new Hub(2);
        hub.shard(0).bind(loop0);
        hub.shard(1).bind(loop1);
    }

    @AfterEach
    void tearDown() {
        loop0.shutdownNow();
        loop1.shutdownNow();
    }

    @Test
    void deliversOncePerSessionAcrossTopicsAndEncodesOncePerFormat() {
        TestSession a = new TestSession(hub.shard(0), "a");
        TestSession b = new TestSession(hub.shard(1), "b");
        a.sub("c:1");
        a.sub("z:1");
        b.sub("z:1");
        hub.publish(new Publication(List.of("c:1", "z:1"), null, "m1"));
        await().untilAsserted(() -> {
            assertThat(a.received).containsExactly("frame:m1");
            assertThat(b.received).containsExactly("frame:m1");
        });
        assertThat(format.encodings.get()).isEqualTo(1);
        assertThat(hub.deliveries()).isEqualTo(2);
    }

    @Test
    void audiencesLimitWhoReceives() {
        TestSession a = new TestSession(hub.shard(0), "a");
        TestSession b = new TestSession(hub.shard(0), "b");
        a.sub("z:1");
        b.sub("z:1");
        hub.publish(new Publication(List.of("c:dm", "z:1"), Set.of("b"), "private"));
        hub.publish(new Publication(List.of("c:x", "z:1"), null, "public"));
        await().untilAsserted(() -> assertThat(a.received).containsExactly("frame:public"));
        assertThat(b.received).containsExactly("frame:private", "frame:public");
    }

    @Test
    void orderIsKeptAndFlushesAreBatched() {
        TestSession a = new TestSession(hub.shard(0), "a");
        a.sub("c:1");
        List<String> expected = new ArrayList<>();
        // Hold the loop so that the publications queue up and drain as one batch.
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        loop0.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException ignored) {
            }
        });
        for (int i = 0; i < 100; i++) {
            hub.publish(new Publication(List.of("c:1"), null, "m" + i));
            expected.add("frame:m" + i);
        }
        hold.countDown();
        await().untilAsserted(() -> assertThat(a.received).containsExactlyElementsOf(expected));
        assertThat(a.flushes.get()).isEqualTo(1);
    }

    @Test
    void interestIsReportedOnFirstAndLastSubscriber() {
        List<String> events = new CopyOnWriteArrayList<>();
        hub.setInterestListener((topic, on) -> events.add(topic + "=" + on));
        TestSession a = new TestSession(hub.shard(0), "a");
        TestSession b = new TestSession(hub.shard(1), "b");
        a.sub("c:9");
        b.sub("c:9");
        assertThat(hub.hasSubscribers("c:9")).isTrue();
        onLoop(hub.shard(0), () -> a.unsubscribe("c:9"));
        assertThat(events).containsExactly("c:9=true");
        onLoop(hub.shard(1), () -> {
            b.ended();
            return null;
        });
        assertThat(events).containsExactly("c:9=true", "c:9=false");
        assertThat(hub.hasSubscribers("c:9")).isFalse();
        assertThat(hub.sessions("test")).isEqualTo(1);
    }

    @Test
    void closingByCredentialReachesEveryShard() {
        TestSession a = new TestSession(hub.shard(0), "a");
        TestSession a2 = new TestSession(hub.shard(1), "a");
        TestSession b = new TestSession(hub.shard(1), "b");
        hub.closeSessions(s -> "cred-a".equals(s.credential()), CloseReason.CREDENTIAL_REVOKED);
        await().untilAsserted(() -> {
            assertThat(a.received).containsExactly("closed:token revoked");
            assertThat(a2.received).containsExactly("closed:token revoked");
        });
        assertThat(b.received).isEmpty();
    }
}
