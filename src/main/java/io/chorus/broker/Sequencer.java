package io.chorus.broker;

import io.chorus.fanout.Publication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Puts a channel's messages back in offset order on a node that receives them from several nodes. Two sends
 * acknowledged one after the other on different nodes travel different paths (a local commit, a NATS hop), so the
 * later one can arrive first. A message that skips ahead of the next expected offset is held until the gap fills,
 * or for at most {@link #holdMillis} (then the gap is given up on: a node died between commit and publish, and
 * clients recover such messages from history). Publications without a sequence pass straight through.
 */
final class Sequencer implements AutoCloseable {
    /** After this long without traffic a channel's position is forgotten; the next message starts afresh. */
    private static final long IDLE_MILLIS = 2_000;

    private static final class Position {
        long next;
        long lastSeen;
        final TreeMap<Long, Publication> held = new TreeMap<>();
        long heldSince;
    }

    private final long holdMillis;
    private final Consumer<List<Publication>> out;
    private final Map<String, Position> positions = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("chorus-sequencer").daemon(true).factory());

    Sequencer(long holdMillis, Consumer<List<Publication>> out) {
        this.holdMillis = holdMillis;
        this.out = out;
        long sweep = Math.max(10, holdMillis / 4);
        timer.scheduleWithFixedDelay(this::expire, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Passes the batch on in order, holding what arrived early; {@code out} runs under this object's lock. */
    synchronized void accept(List<Publication> batch) {
        long now = System.currentTimeMillis();
        List<Publication> ready = new ArrayList<>(batch.size());
        for (Publication p : batch) {
            if (p.sequenceKey() == null) {
                ready.add(p);
                continue;
            }
            Position pos = positions.get(p.sequenceKey());
            if (pos == null || (pos.held.isEmpty() && now - pos.lastSeen > IDLE_MILLIS)) {
                if (pos == null) positions.put(p.sequenceKey(), pos = new Position());
                pos.next = p.sequence();
            }
            pos.lastSeen = now;
            if (p.sequence() < pos.next) {
                ready.add(p); // late after a given-up gap: out of order beats lost
            } else if (p.sequence() == pos.next) {
                ready.add(p);
                pos.next++;
                release(pos, ready);
            } else {
                if (pos.held.isEmpty()) pos.heldSince = now;
                pos.held.put(p.sequence(), p);
            }
        }
        if (!ready.isEmpty()) out.accept(ready);
    }

    private static void release(Position pos, List<Publication> ready) {
        Publication next;
        while ((next = pos.held.remove(pos.next)) != null) {
            ready.add(next);
            pos.next++;
        }
    }

    /** Gives up on gaps older than the hold time, and forgets idle channels. */
    private synchronized void expire() {
        long now = System.currentTimeMillis();
        List<Publication> ready = new ArrayList<>();
        for (Iterator<Position> it = positions.values().iterator(); it.hasNext(); ) {
            Position pos = it.next();
            if (!pos.held.isEmpty() && now - pos.heldSince >= holdMillis) {
                pos.next = pos.held.firstKey();
                release(pos, ready);
                if (!pos.held.isEmpty()) pos.heldSince = now;
            } else if (pos.held.isEmpty() && now - pos.lastSeen > IDLE_MILLIS) {
                it.remove();
            }
        }
        if (!ready.isEmpty()) out.accept(ready);
    }

    synchronized int held() {
        int n = 0;
        for (Position p : positions.values()) n += p.held.size();
        return n;
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
