package org.musicanalytics.client.generate.internal;

/**
 * SplitMix64 (Steele, Lea and Flood): a small, fast generator whose output is fixed by its
 * seed on every JVM. {@link java.util.SplittableRandom} uses the same mixing, but its derived
 * methods ({@code nextInt(bound)}, {@code nextGaussian()}) are free to change between JDK
 * releases; the generated files must not.
 */
public final class SplitMix64 {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  /** A generator for one purpose ({@code stream}) of a seed, independent of the others. */
  public static SplitMix64 forStream(long seed, long stream) {
    return new SplitMix64(mix(seed ^ mix(stream * GOLDEN_GAMMA + GOLDEN_GAMMA)));
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /**
   * A number from 0 to {@code bound - 1} by multiplying 32 random bits: no division and no
   * loop; the bias, below bound / 2^32, is far under what the data could show.
   */
  public int nextInt(int bound) {
    return index(nextLong(), bound);
  }

  /** A number in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** The high 32 bits of {@code random} scaled to 0 .. bound-1. */
  static int index(long random, int bound) {
    return (int) (((random >>> 32) * bound) >>> 32);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
