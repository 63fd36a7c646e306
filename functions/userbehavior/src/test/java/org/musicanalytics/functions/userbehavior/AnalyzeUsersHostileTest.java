package org.musicanalytics.functions.userbehavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * {@code analyzeUsers} on hostile volumes: a million distinct users in one request (the wire
 * form, as the host runs it) completes, answers every user exactly, and holds memory in
 * proportion to the users, not more.
 */
class AnalyzeUsersHostileTest {

  private static final int USERS = 1_000_000;

  private static final List<String> ARTISTS = List.of("Adele", "Björk", "Drake");

  /**
   * Bytes of heap the answer may hold per user: a {@code UserStat} with its id, total, top
   * artist and one {@code artist_plays} entry is a few hundred bytes; a leak or a per-user
   * copy of shared state would be far above this.
   */
  private static final long HEAP_PER_USER = 1_500;

  @Test
  void shouldAnswerAMillionDistinctUsersWithMemoryInProportion() throws Exception {
    byte[] request = millionUsers();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long before = memory.getHeapMemoryUsage().getUsed();

    // A hang guard, not a speed check: the run takes a few seconds.
    UserStatsList answer = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> new AnalyzeUsers().applyWire(request));

    System.gc();
    long held = memory.getHeapMemoryUsage().getUsed() - before;
    System.out.printf("analyzeUsers, %,d users: answer holds %,d bytes of heap (%,d per user)%n",
        USERS, held, held / USERS);
    assertThat(held).as("heap the answer holds").isLessThan(HEAP_PER_USER * USERS);

    assertThat(answer.getUserStatsCount()).isEqualTo(USERS);
    for (int i = 0; i < USERS; i += 9_973) {
      UserStat user = answer.getUserStats(i);
      assertThat(user.getUserId()).isEqualTo(userId(i)); // ids ascending, zero-padded
      assertThat(user.getTotalTime()).isEqualTo(duration(i));
      assertThat(user.getTopArtist()).isEqualTo(artist(i));
      assertThat(user.getArtistPlaysMap()).containsExactly(java.util.Map.entry(artist(i), 1L));
    }
    // The longest listeners: the largest durations, ties by id.
    assertThat(answer.getTopUsersList()).containsExactly(
        userId(999_999), userId(999_998), userId(999_997), userId(999_996), userId(999_995));
  }

  /** One play per user, encoded straight into a {@code StreamList}, no message objects. */
  private static byte[] millionUsers() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(USERS * 40);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, 1 << 16);
    ByteString song = ByteString.copyFromUtf8("S1");
    ByteString genre = ByteString.copyFromUtf8("Pop");
    List<ByteString> artists = ARTISTS.stream().map(ByteString::copyFromUtf8).toList();
    byte[] id = "U0000000".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < USERS; i++) {
      for (int digit = id.length - 1, rest = i; digit > 0; digit--, rest /= 10) {
        id[digit] = (byte) ('0' + rest % 10);
      }
      ByteString artist = artists.get(i % ARTISTS.size());
      int size = CodedOutputStream.computeByteArraySize(1, id)
          + CodedOutputStream.computeBytesSize(2, song)
          + CodedOutputStream.computeBytesSize(3, artist)
          + CodedOutputStream.computeInt32Size(4, duration(i))
          + CodedOutputStream.computeBytesSize(6, genre);
      out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(size);
      out.writeByteArray(1, id);
      out.writeBytes(2, song);
      out.writeBytes(3, artist);
      out.writeInt32(4, duration(i));
      out.writeBytes(6, genre);
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static String userId(int i) {
    return String.format("U%07d", i);
  }

  private static String artist(int i) {
    return ARTISTS.get(i % ARTISTS.size());
  }

  /** Grows with the user, so the top users are the last ids. */
  private static int duration(int i) {
    return 1_000 + i;
  }
}
