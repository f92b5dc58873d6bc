package io.chorus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latency: the publisher writes {@code T<System.nanoTime()>;} at the start of each message; whoever
 * receives it (in the same load-tool process, so the clocks agree) records now minus that.
 */
final class Latency {
    private final Recorder recorder = new Recorder(3);
    private Histogram interval;

    static String stamp(int size) {
        String head = "T" + System.nanoTime() + ";";
        return size <= head.length() ? head : head + "x".repeat(size - head.length());
    }

    /** Records the latency of a message whose text starts at {@code from} in {@code s}; returns false if unstamped. */
    boolean record(CharSequence s, int from) {
        if (from < 0 || from >= s.length() || s.charAt(from) != 'T') return false;
        long t = 0;
        int i = from + 1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';') break;
            if (c < '0' || c > '9') return false;
            t = t * 10 + (c - '0');
        }
        recorder.recordValue(Math.max(0, (System.nanoTime() - t) / 1000)); // microseconds
        return true;
    }

    /** The histogram since the last call (microseconds). */
    Histogram take() {
        interval = recorder.getIntervalHistogram(interval);
        return interval;
    }
}
