package org.musicanalytics.host.internal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A call that needed more heap than the process has: the call fails with
 * {@code RESOURCE_EXHAUSTED} saying so, and the process lives on. What ran out is the one
 * large allocation of the call (its request's bytes, or its pass over them), which is
 * garbage once the call fails. Without a pushback trailer a client does not retry it: the
 * same message would need the same memory.
 */
public final class OutOfMemory {

  private OutOfMemory() {}

  /**
   * The status for running out of heap while {@code doing} (e.g. "reading a message of
   * 1234 bytes"), naming this process's heap limit and what to change.
   */
  public static StatusRuntimeException status(String doing) {
    return Status.RESOURCE_EXHAUSTED.withDescription("out of memory " + doing
        + " (the heap limit is " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
        + " MiB): send smaller messages (music-analytics run --shard-bytes) or give the "
        + "process more heap (-Xmx; MUSIC_ANALYTICS_JAVA_OPTS for the command line)")
        .asRuntimeException();
  }
}
