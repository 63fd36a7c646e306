package org.musicanalytics.functions.mapreduce;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.musicanalytics.functions.StageClock;
import org.musicanalytics.functions.StreamRecords;
import org.musicanalytics.functions.Summaries;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.Song;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;

/**
 * {@code aggregateStream}: plays per song, keyed {@code "<artist> - <song_id>"}, with each
 * key's artist and song id carried alongside so later stages never parse the key.
 */
public final class AggregateStream implements Function<StreamList, PlayCounts> {

  private static final PlayCountAggregation BY_SONG = new PlayCountAggregation(
      record -> StreamRecords.songKey(record.getArtist(), record.getSongId()));

  @Override
  public PlayCounts apply(StreamList request) {
    StageClock clock = StageClock.start();
    StreamRecords.validate(request);
    Map<String, Long> counts = BY_SONG.count(request);
    Map<String, Song> songs = new HashMap<>(counts.size() * 2);
    for (StreamRecord record : request.getRecordsList()) {
      String key = StreamRecords.songKey(record.getArtist(), record.getSongId());
      Song known = songs.get(key);
      if (known == null || !known.getArtist().equals(record.getArtist())) {
        Song song = Song.newBuilder()
            .setArtist(record.getArtist()).setSongId(record.getSongId()).build();
        songs.put(key, known == null ? song : Summaries.canonicalSong(known, song));
      }
    }
    return PlayCounts.newBuilder()
        .putAllPlayCounts(counts)
        .putAllSongs(songs)
        .setProcessingTime(clock.elapsedSeconds())
        .build();
  }
}
