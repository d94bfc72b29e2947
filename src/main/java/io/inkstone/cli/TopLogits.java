package io.inkstone.cli;

import java.util.PriorityQueue;

/** The ids of the largest logits, best first (ties: lower id first). */
final class TopLogits {

    private TopLogits() {}

    static int[] of(float[] logits, int k) {
        int count = Math.min(k, logits.length);
        // min-heap on (logit, then higher id = worse): the root is the weakest kept candidate
        java.util.Comparator<Integer> weakerFirst = (a, b) -> logits[a] != logits[b]
                ? Float.compare(logits[a], logits[b]) : Integer.compare(b, a);
        PriorityQueue<Integer> heap = new PriorityQueue<>(count + 1, weakerFirst);
        for (int id = 0; id < logits.length; id++) {
            if (heap.size() == count && (count == 0 || weakerFirst.compare(id, heap.peek()) <= 0)) continue;
            heap.add(id);
            if (heap.size() > count) heap.poll();
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = heap.poll();
        return out;
    }
}
