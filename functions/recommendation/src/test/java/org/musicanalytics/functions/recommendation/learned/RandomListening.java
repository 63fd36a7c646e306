package org.musicanalytics.functions.recommendation.learned;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.musicanalytics.proto.ListeningPartition;

/** Random listening for tests of order and partitioning, and random reorderings of it. */
final class RandomListening {

  private RandomListening() {}

  /**
   * {@code users} users, each playing up to {@code mostSongs} of {@code songs} songs, some
   * many times; songs of low number are played more, so pairs repeat.
   */
  static Listening of(Random random, int users, int songs, int mostSongs) {
    Listening listening = new Listening();
    for (int u = 0; u < users; u++) {
      String user = "user" + u;
      listening.user(user);
      int count = random.nextInt(mostSongs + 1);
      for (int i = 0; i < count; i++) {
        int song = (int) (songs * Math.pow(random.nextDouble(), 2));
        listening.plays(user, "artist" + song % 5 + " - S" + song, 1 + random.nextInt(30));
      }
    }
    return listening;
  }

  /** The same partition with users, songs and plays listed in another order. */
  static ListeningPartition shuffle(ListeningPartition partition, Random random) {
    int users = partition.getUserIdsCount();
    int songs = partition.getSongKeysCount();
    List<Integer> userOrder = order(users, random);
    List<Integer> songOrder = order(songs, random);
    List<Integer> listenOrder = order(partition.getListenUserIndexCount(), random);
    int[] userAt = new int[users];
    int[] songAt = new int[songs];
    ListeningPartition.Builder shuffled = partition.toBuilder().clearUserIds().clearSongKeys()
        .clearListenUserIndex().clearListenSongIndex().clearListenPlays();
    for (int i = 0; i < users; i++) {
      userAt[userOrder.get(i)] = i;
      shuffled.addUserIds(partition.getUserIds(userOrder.get(i)));
    }
    for (int i = 0; i < songs; i++) {
      songAt[songOrder.get(i)] = i;
      shuffled.addSongKeys(partition.getSongKeys(songOrder.get(i)));
    }
    for (int listen : listenOrder) {
      shuffled.addListenUserIndex(userAt[partition.getListenUserIndex(listen)])
          .addListenSongIndex(songAt[partition.getListenSongIndex(listen)])
          .addListenPlays(partition.getListenPlays(listen));
    }
    return shuffled.build();
  }

  private static List<Integer> order(int size, Random random) {
    List<Integer> order = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    return order;
  }
}
