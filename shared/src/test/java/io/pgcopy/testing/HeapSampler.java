package io.pgcopy.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the live heap at a fixed period on a daemon thread. {@link #afterLastCollection} reads
 * what the collector last left, which costs nothing but is only as fresh as the last GC (for long
 * benchmarks); {@link #collecting} forces a collection first, so each sample is the live heap at
 * that moment (for tests that assert a bound).
 */
public final class HeapSampler implements AutoCloseable {
  private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "heap-sampler");
    t.setDaemon(true);
    return t;
  });

  private HeapSampler(Runnable before, long periodMillis) {
    timer.scheduleAtFixedRate(() -> {
      before.run();
      samples.add(usedAfterLastCollection());
    }, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  public static HeapSampler afterLastCollection(long periodMillis) {
    return new HeapSampler(() -> { }, periodMillis);
  }

  public static HeapSampler collecting(long periodMillis) {
    return new HeapSampler(System::gc, periodMillis);
  }

  /** The live heap now, after a full collection. */
  public static long liveHeapNow() {
    System.gc();
    return usedAfterLastCollection();
  }

  private static long usedAfterLastCollection() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /** The samples since the last call, oldest first. */
  public synchronized List<Long> take() {
    List<Long> copy = List.copyOf(samples);
    samples.clear();
    return copy;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
