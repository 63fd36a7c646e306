package org.musicanalytics.functions.recommendation.learned;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.musicanalytics.proto.ListeningPartition;

/** A test's listening, built play by play, as one partition or split into several. */
final class Listening {

  private final Map<String, Map<String, Long>> playsByUser = new LinkedHashMap<>();

  /** Adds a user with no plays, or nothing if the user is known. */
  Listening user(String userId) {
    playsByUser.computeIfAbsent(userId, id -> new LinkedHashMap<>());
    return this;
  }

  /** Adds {@code plays} plays of {@code song} by {@code userId}. */
  Listening plays(String userId, String song, long plays) {
    user(userId).playsByUser.get(userId).merge(song, plays, Long::sum);
    return this;
  }

  /** Every user in one partition, listed in insertion order. */
  ListeningPartition partition() {
    return partition(0, 1, List.copyOf(playsByUser.keySet()));
  }

  /** The users of partition {@code p} of {@code partitions} by a hash of the user id. */
  ListeningPartition partition(int p, int partitions) {
    List<String> users = new ArrayList<>();
    for (String user : playsByUser.keySet()) {
      if (Math.floorMod(user.hashCode(), partitions) == p) {
        users.add(user);
      }
    }
    return partition(p, partitions, users);
  }

  private ListeningPartition partition(int p, int partitions, List<String> users) {
    ListeningPartition.Builder partition = ListeningPartition.newBuilder()
        .setPartition(p).setPartitions(partitions);
    Map<String, Integer> songIndex = new LinkedHashMap<>();
    for (int u = 0; u < users.size(); u++) {
      partition.addUserIds(users.get(u));
      for (Map.Entry<String, Long> play : playsByUser.get(users.get(u)).entrySet()) {
        int song = songIndex.computeIfAbsent(play.getKey(), key -> {
          partition.addSongKeys(key);
          return partition.getSongKeysCount() - 1;
        });
        partition.addListenUserIndex(u).addListenSongIndex(song)
            .addListenPlays(play.getValue());
      }
    }
    return partition.build();
  }
}
