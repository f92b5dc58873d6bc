package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.core.device.DeviceCommand;
import io.chorus.core.device.DeviceEvent;
import io.chorus.core.device.DeviceNotification;
import io.chorus.fanout.CloseReason;
import io.chorus.fanout.Publication;
import io.chorus.fanout.Session;
import io.chorus.fanout.Shard;
import io.chorus.store.DeviceStore;
import io.chorus.transport.OffLoop;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One long poll: subscribes first (holding what arrives), then reads its backlog from the store (what is stored after
 * the timestamp, or the awaited command if it has been updated), and answers with that, or else with the first live
 * items, or with nothing when {@code waitTimeout} passes. Because it listens before it reads, an item committed in
 * between is in one of the two (and sent once).
 * Runs on the loop of the request.
 */
final class DhPoll extends Session {
    static final String API = "devicehive-poll";
    /** How long to gather more live items after the first, so that a burst comes in one answer. */
    private static final long GATHER_MS = 5;

    /** Whose topics the poll listens to; {@code wanted} picks the live items it takes. */
    private final DhSubscription topics;
    private final Predicate<DeviceEvent> wanted;
    /** What it reads from the store once it listens. */
    private final Function<DeviceStore, List<DeviceEvent>> backlog;
    private final int limit;
    private final DhJson json;
    private final Consumer<ArrayNode> answer;
    private final List<DeviceEvent> live = new ArrayList<>();
    private boolean storeRead;
    private boolean done;
    private long timer = -1;

    /** A poll of what {@code filter} matches: what is stored after {@code after} (nothing if null), or live items. */
    DhPoll(Shard shard, DhSubscription filter, Long after, int limit, DhJson json, Consumer<ArrayNode> answer) {
        this(shard, filter, filter::matches, store -> stored(store, filter, after, limit), limit, json, answer);
    }

    /** A wait for command {@code commandId} of the device to be updated: the command if it is (or once it is). */
    static DhPoll commandUpdate(Shard shard, String deviceId, long commandId, DhJson json, Consumer<ArrayNode> answer) {
        DhSubscription updates = new DhSubscription(0, true, deviceId, null, null, null, true, null, null);
        return new DhPoll(shard, updates,
                e -> updates.matches(e) && ((DeviceEvent.Command) e).command().id() == commandId,
                store -> store.command(commandId).filter(c -> c.deviceId().equals(deviceId) && c.lastUpdated() > c.timestamp())
                        .<List<DeviceEvent>>map(c -> List.of(new DeviceEvent.Command(c, true))).orElse(List.of()),
                1, json, answer);
    }

    private DhPoll(Shard shard, DhSubscription topics, Predicate<DeviceEvent> wanted,
                   Function<DeviceStore, List<DeviceEvent>> backlog, int limit, DhJson json, Consumer<ArrayNode> answer) {
        super(shard, API);
        this.topics = topics;
        this.wanted = wanted;
        this.backlog = backlog;
        this.limit = limit;
        this.json = json;
        this.answer = answer;
    }

    void start(DeviceStore store, Executor blocking, long waitMillis) {
        opened();
        for (String t : topics.topics()) subscribe(t);
        OffLoop.call(blocking, () -> backlog.apply(store)).onComplete(ar -> {
            if (done) return;
            storeRead = true;
            List<DeviceEvent> items = new ArrayList<>(ar.succeeded() ? ar.result() : List.of());
            Set<Long> seen = new HashSet<>();
            for (DeviceEvent e : items) seen.add(id(e));
            for (DeviceEvent e : live) if (seen.add(id(e))) items.add(e);
            if (!items.isEmpty() || waitMillis <= 0) {
                finish(items);
                return;
            }
            timer = Vertx.currentContext().owner().setTimer(waitMillis, t -> finish(List.of()));
        });
    }

    private static List<DeviceEvent> stored(DeviceStore store, DhSubscription filter, Long after, int limit) {
        if (after == null) return List.of();
        DeviceStore.MessageQuery q = new DeviceStore.MessageQuery(filter.deviceId(), filter.networkIds(), filter.deviceTypeIds(),
                filter.names(), after, null, null, null, false, 0, limit);
        List<DeviceEvent> out = new ArrayList<>();
        if (filter.commands()) {
            for (DeviceCommand c : store.commands(q)) {
                if (!filter.returnUpdated() || c.lastUpdated() > c.timestamp()) out.add(new DeviceEvent.Command(c, filter.returnUpdated()));
            }
        } else {
            for (DeviceNotification n : store.notifications(q)) out.add(new DeviceEvent.Notification(n));
        }
        return out;
    }

    private static long id(DeviceEvent e) {
        return e instanceof DeviceEvent.Command c ? c.command().id() : ((DeviceEvent.Notification) e).notification().id();
    }

    @Override
    protected void deliver(Publication p) {
        if (done || !(p.event() instanceof DeviceEvent e) || !wanted.test(e)) return;
        live.add(e);
        if (storeRead && live.size() == 1) {
            if (timer >= 0) Vertx.currentContext().owner().cancelTimer(timer);
            timer = Vertx.currentContext().owner().setTimer(GATHER_MS, t -> finish(new ArrayList<>(live)));
        }
    }

    private void finish(List<DeviceEvent> items) {
        if (done) return;
        done = true;
        if (timer >= 0) Vertx.currentContext().owner().cancelTimer(timer);
        ended();
        ArrayNode out = json.mapper.createArrayNode();
        for (DeviceEvent e : items.subList(0, Math.min(items.size(), Math.max(limit, 1)))) out.add(json.event(e));
        answer.accept(out);
    }

    /** The client went away: stop listening without answering. */
    void cancel() {
        if (done) return;
        done = true;
        if (timer >= 0) Vertx.currentContext().owner().cancelTimer(timer);
        ended();
    }

    @Override
    protected void flush() {}

    @Override
    public void close(CloseReason reason) { finish(List.of()); }
}
