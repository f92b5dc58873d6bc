package io.chorus.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent writers share commits, and one writer's failure stays its own. */
class SharedCommitsTest {
    @TempDir Path dir;

    @Test
    void writersQueuedBehindABusyOneShareOneCommitAndAFailureStaysItsOwn() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        Connection raw = tableT("t.db");
        Connection counted = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) commits.incrementAndGet();
                    return method.invoke(raw, args);
                });
        SharedCommits writes = new SharedCommits(counted);
        CountDownLatch busy = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> writes.run(c -> {
                insert(c, 0);
                awaitQuietly(busy);
                return null;
            }));
            Thread.sleep(100); // the first writer holds the connection
            List<Future<?>> others = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int id = i;
                others.add(pool.submit(() -> writes.run(c -> insert(c, id))));
            }
            Future<?> duplicate = pool.submit(() -> writes.run(c -> insert(c, 0)));
            Thread.sleep(300); // all of them queued behind it
            busy.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (Future<?> f : others) f.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> duplicate.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        }
        assertThat(commits.get()).as("one commit for the first writer, one for the eleven queued behind it").isEqualTo(2);
        try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(11);
        }
        writes.close();
    }

    @Test
    void actionsAfterACommitRunInQueueOrderAndOnlyForStoredWorks() throws Exception {
        SharedCommits writes = new SharedCommits(tableT("a.db"));
        List<Integer> after = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch busy = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            all.add(pool.submit(() -> writes.run(x -> {
                insert(x, 0);
                SharedCommits.afterCommit(() -> after.add(0));
                awaitQuietly(busy);
                return null;
            })));
            Thread.sleep(100); // the first writer holds the connection
            for (int i = 1; i <= 10; i++) {
                int id = i;
                CountDownLatch queued = new CountDownLatch(1);
                all.add(pool.submit(() -> io.chorus.core.CommitOrder.run(queued::countDown, () -> {
                    try {
                        return writes.run(x -> {
                            insert(x, id == 5 ? 0 : id); // 5 collides with 0: it fails alone
                            SharedCommits.afterCommit(() -> after.add(id));
                            return null;
                        });
                    } catch (StoreException e) {
                        return null;
                    }
                })));
                assertThat(queued.await(5, TimeUnit.SECONDS)).as("writer %d told it is queued before any commit", id).isTrue();
            }
            assertThat(after).as("nothing runs before its commit").isEmpty();
            busy.countDown();
            for (Future<?> f : all) f.get(5, TimeUnit.SECONDS);
        }
        assertThat(after).as("in queue order, without the failed work").containsExactly(0, 1, 2, 3, 4, 6, 7, 8, 9, 10);
        writes.close();
    }

    @Test
    void aWriteFromInsideAWorkJoinsItsTransaction() throws Exception {
        Connection c = tableT("n.db");
        SharedCommits writes = new SharedCommits(c);
        assertThatThrownBy(() -> writes.run(x -> {
            writes.run(y -> insert(y, 1));
            throw new IllegalStateException("the outer work fails");
        })).isInstanceOf(IllegalStateException.class);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the nested insert was rolled back with its outer work").isZero();
        }
        writes.close();
    }

    /** A new SQLite database in the test's directory with an empty table {@code t (id INTEGER PRIMARY KEY)}. */
    @Test
    void writesReuseTheWritersStatementsAndAFailedBatchLeavesNothingInThem() throws Exception {
        SharedCommits writes = new SharedCommits(tableT("s.db"));
        String sql = "INSERT INTO t (id) VALUES (?)";
        java.sql.PreparedStatement first = writes.run(c -> writes.statement(sql));
        assertThatThrownBy(() -> writes.run(c -> {
            java.sql.PreparedStatement ps = writes.statement(sql);
            ps.setInt(1, 1);
            ps.addBatch();
            ps.setInt(1, 1);
            ps.addBatch();
            return ps.executeBatch(); // a duplicate key: the whole work fails
        })).isInstanceOf(StoreException.class);
        java.sql.PreparedStatement again = writes.run(c -> {
            java.sql.PreparedStatement ps = writes.statement(sql);
            ps.setInt(1, 2);
            ps.addBatch();
            ps.executeBatch();
            return ps;
        });
        assertThat(again).as("prepared once, kept for every later write").isSameAs(first);
        assertThat(again.isClosed()).isFalse();
        try (Statement s = writes.run(c -> c.createStatement()); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("the failed batch left no rows and nothing queued").isEqualTo(2);
            assertThat(rs.next()).isFalse();
        }
        assertThatThrownBy(() -> writes.statement(sql)).as("only inside a write").isInstanceOf(IllegalStateException.class);
        writes.close();
        assertThat(first.isClosed()).isTrue();
    }

    private Connection tableT(String file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        }
        return c;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO t (id) VALUES (" + id + ")");
        }
        return null;
    }
}
