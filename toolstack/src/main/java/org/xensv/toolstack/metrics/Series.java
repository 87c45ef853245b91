package org.xensv.toolstack.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded series of samples, oldest first; thread-safe. */
final class Series<T> {

    private final int capacity;
    private final ArrayDeque<T> points;

    Series(int capacity) {
        this.capacity = capacity;
        this.points = new ArrayDeque<>(capacity);
    }

    synchronized void add(T point) {
        if (points.size() == capacity) {
            points.removeFirst();
        }
        points.addLast(point);
    }

    synchronized List<T> snapshot() {
        return new ArrayList<>(points);
    }

    synchronized T last() {
        return points.peekLast();
    }
}
