package org.musicanalytics.client.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.musicanalytics.csv.InputSummary;
import org.musicanalytics.csv.StreamCsvReader;
import org.musicanalytics.proto.StreamRecord;

class GenerateCommandTest {

  private static final int RECORDS = 50_000;

  @TempDir
  static Path shared;
  @TempDir
  Path directory;

  /** One default-sized file, read back once, for the tests of what it holds. */
  private static List<StreamRecord> plays;
  private static InputSummary summary;
  private static byte[] bytes;

  @BeforeAll
  static void generateOnce() throws Exception {
    Path file = shared.resolve("plays.csv");
    GenerateRun run = GenerateRun.run("--records", "" + RECORDS, "--seed", "7",
        "--out", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    plays = new ArrayList<>();
    summary = StreamCsvReader.strict().read(file, plays::add);
    bytes = Files.readAllBytes(file);
  }

  private Path generate(String name, String... options) {
    Path file = directory.resolve(name);
    List<String> args = new ArrayList<>(List.of(options));
    args.add("--out");
    args.add(file.toString());
    GenerateRun run = GenerateRun.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return file;
  }

  @Test
  void shouldWriteTheSameBytesForTheSameSeedAndOtherBytesForAnother() throws IOException {
    Path first = generate("a.csv", "--records", "20000", "--seed", "42");
    Path again = generate("b.csv", "--records", "20000", "--seed", "42");
    Path other = generate("c.csv", "--records", "20000", "--seed", "43");

    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
    assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
    assertThat(Files.size(other)).isPositive();
  }

  @Test
  void shouldReadBackThroughTheClientReaderWithoutRejections() {
    assertThat(new String(bytes, 0, 48, StandardCharsets.UTF_8))
        .isEqualTo("user_id,song_id,artist,duration,timestamp,genre\n");
    assertThat(summary.recordsRead()).isEqualTo(RECORDS);
    assertThat(summary.rowsRejected()).isZero();
    assertThat(plays).hasSize(RECORDS);
    assertThat(plays).allSatisfy(play -> {
      assertThat(play.getUserId()).matches("U[0-9]{3,}");
      assertThat(play.getSongId()).matches("S[0-9]{4,}");
      assertThat(play.getArtist()).isNotBlank();
      assertThat(play.getGenre()).isNotBlank();
    });
  }

  @Test
  void shouldScaleUsersAndSongsWithTheRecords() {
    Set<String> users = new HashSet<>();
    Set<String> songs = new HashSet<>();
    for (StreamRecord play : plays) {
      users.add(play.getUserId());
      songs.add(play.getSongId());
    }
    // Defaults: RECORDS/200 users and RECORDS/50 songs; nearly all of them play or are played.
    assertThat(users).hasSizeBetween(RECORDS / 200 * 9 / 10, RECORDS / 200);
    assertThat(songs).hasSizeBetween(RECORDS / 50 / 2, RECORDS / 50);
    assertThat(users).allMatch(user -> user.length() == 4);
  }

  @Test
  void shouldMakeAFewSongsAndUsersHoldMostPlays() {
    Map<String, Integer> bySong = counts(plays, StreamRecord::getSongId);
    Map<String, Integer> byUser = counts(plays, StreamRecord::getUserId);

    // Zipf over 1000 songs: the top 1% hold H(10)/H(1000) = 39% of the plays.
    assertThat(topShare(bySong, 1000 / 100)).isBetween(0.33, 0.45);
    // 1/(r+5) over 250 users: the top 10% hold about 45% of the plays; evenly, 10%.
    assertThat(topShare(byUser, 250 / 10)).isBetween(0.38, 0.52);
    int heaviest = byUser.values().stream().max(Integer::compare).orElseThrow();
    assertThat(heaviest).isGreaterThan(5 * RECORDS / 250);
  }

  private static Map<String, Integer> counts(List<StreamRecord> plays,
      java.util.function.Function<StreamRecord, String> key) {
    Map<String, Integer> counts = new HashMap<>();
    for (StreamRecord play : plays) {
      counts.merge(key.apply(play), 1, Integer::sum);
    }
    return counts;
  }

  private static double topShare(Map<String, Integer> counts, int top) {
    long total = counts.values().stream().mapToLong(Integer::longValue).sum();
    long head = counts.values().stream().sorted(Comparator.reverseOrder()).limit(top)
        .mapToLong(Integer::longValue).sum();
    return (double) head / total;
  }

  @Test
  void shouldGiveEverySongOneArtistAndLengthAndEveryArtistOneGenre() {
    Map<String, String> artistOfSong = new HashMap<>();
    Map<String, String> genreOfArtist = new HashMap<>();
    Map<String, Integer> lengthOfSong = new HashMap<>();
    for (StreamRecord play : plays) {
      assertThat(artistOfSong.computeIfAbsent(play.getSongId(), s -> play.getArtist()))
          .as("artist of %s", play.getSongId()).isEqualTo(play.getArtist());
      assertThat(genreOfArtist.computeIfAbsent(play.getArtist(), a -> play.getGenre()))
          .as("genre of %s", play.getArtist()).isEqualTo(play.getGenre());
      lengthOfSong.merge(play.getSongId(), play.getDuration(), Math::max);
    }
    assertThat(new HashSet<>(genreOfArtist.values())).hasSizeGreaterThanOrEqualTo(10);

    long full = 0;
    for (StreamRecord play : plays) {
      int length = lengthOfSong.get(play.getSongId());
      if (play.getDuration() == length) {
        full++;
      } else {
        // A skip: at least 5 s, at most half the song.
        assertThat(play.getDuration()).isBetween(5, length / 2);
      }
    }
    // Songs played only in skips would show a short "length"; they are rare.
    assertThat(lengthOfSong.values()).filteredOn(length -> length < 120)
        .hasSizeLessThan(lengthOfSong.size() / 20);
    assertThat(lengthOfSong.values()).allMatch(length -> length <= 420);
    assertThat((double) full / plays.size()).isBetween(0.77, 0.83);
  }

  @Test
  void shouldKeepTimestampsInOrderWithinTheSpan() {
    LocalDateTime start = LocalDateTime.parse("2025-11-05T00:00:00");
    LocalDateTime end = start.plusDays(7);
    LocalDateTime previous = start;
    int[] perHour = new int[24];
    for (StreamRecord play : plays) {
      assertThat(play.getTimestamp()).hasSize(19);
      LocalDateTime time = LocalDateTime.parse(play.getTimestamp());
      assertThat(time).isAfterOrEqualTo(previous).isBefore(end);
      perHour[time.getHour()]++;
      previous = time;
    }
    assertThat(LocalDateTime.parse(plays.get(0).getTimestamp())).isBefore(start.plusHours(1));
    assertThat(previous).isAfter(end.minusHours(1));
    // The daily rhythm: evenings busier than the small hours.
    assertThat(perHour[19]).isGreaterThan(4 * perHour[4]);
  }

  @Test
  void shouldSpanTheDaysAskedFor() throws Exception {
    Path file = generate("span.csv", "--records", "1000", "--days", "2", "--start", "2024-02-28");
    List<StreamRecord> read = new ArrayList<>();
    StreamCsvReader.strict().read(file, read::add);
    assertThat(read.get(0).getTimestamp()).startsWith("2024-02-28T00:");
    assertThat(read.get(read.size() - 1).getTimestamp()).startsWith("2024-02-29T23:");
  }

  @Test
  void shouldQuoteAwkwardArtistNamesAndReadThemBack() {
    Set<String> artists = new HashSet<>();
    plays.forEach(play -> artists.add(play.getArtist()));
    assertThat(artists).contains("Drake", "Drake Bell", "Earth, Wind & Fire",
        "\"Weird Al\" Yankovic", "Beyoncé", "Bob Marley - The Wailers", "방탄소년단");
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).contains(",\"Earth, Wind & Fire\",", ",\"\"\"Weird Al\"\" Yankovic\",",
        ",Bob Marley - The Wailers,", ",Beyoncé,");
    // Quoting only where needed: no other field is quoted.
    assertThat(text.lines().filter(line -> line.contains("\"")))
        .allMatch(line -> line.contains(",\"Earth, Wind & Fire\",")
            || line.contains(",\"\"\"Weird Al\"\" Yankovic\",")
            || line.contains(",\"Tyler, the Creator\",")
            || line.contains(",\"Aaron \"\"T-Bone\"\" Walker, Jr.\",")
            || line.contains(",\"Crosby, Stills, Nash & Young\","));
    long awkward = plays.stream().filter(play -> !play.getArtist().matches("[A-Za-z .]+"))
        .count();
    assertThat((double) awkward / plays.size()).isBetween(0.001, 0.2);
  }

  @Test
  void shouldHonourUsersAndSongs() throws Exception {
    Path file = generate("small.csv", "--records", "5000", "--users", "3", "--songs", "12");
    Set<String> users = new HashSet<>();
    Set<String> songs = new HashSet<>();
    StreamCsvReader.strict().read(file, play -> {
      users.add(play.getUserId());
      songs.add(play.getSongId());
    });
    assertThat(users).containsExactlyInAnyOrder("U001", "U002", "U003");
    assertThat(songs).hasSize(12).allMatch(song -> song.matches("S0(0[1-9]|1[0-2])"));
  }

  @Test
  void shouldWriteOnlyTheHeaderForNoRecords() throws IOException {
    Path file = generate("empty.csv", "--records", "0");
    assertThat(Files.readString(file))
        .isEqualTo("user_id,song_id,artist,duration,timestamp,genre\n");
  }

  @Test
  void shouldWriteToStandardOutputForADash() throws IOException {
    Path file = generate("file.csv", "--records", "3000", "--seed", "5");
    GenerateRun run = GenerateRun.run("--records", "3000", "--seed", "5", "--out", "-");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.standardOutput()).isEqualTo(Files.readAllBytes(file));
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("Wrote 3000 plays");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--records|-5|--records must be 0 or more, was -5",
      "--users|0|--users must be from 1 to 10000000, was 0",
      "--songs|-1|--songs must be from 1 to 10000000, was -1",
      "--days|0|--days must be from 1 to 366, was 0",
      "--start|5 Nov|--start must be a date like 2025-11-05, was '5 Nov'",
      "--records|many|Invalid value for option '--records': 'many' is not a long"})
  void shouldRejectBadArgumentsWithoutWritingAFile(String option, String value, String message)
      throws IOException {
    Path file = directory.resolve("plays.csv");
    List<String> args = new ArrayList<>(List.of("--out", file.toString(), option, value));
    if (!option.equals("--records")) {
      args.addAll(List.of("--records", "100"));
    }

    GenerateRun run = GenerateRun.run(args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(listing()).isEmpty();
  }

  @Test
  void shouldRequireRecordsAndOut() {
    GenerateRun run = GenerateRun.run("--seed", "1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required options: '--records=N', '--out=FILE'");
  }

  @Test
  void shouldNameTheMissingDirectory() throws IOException {
    Path file = directory.resolve("no-such-dir").resolve("plays.csv");
    GenerateRun run = GenerateRun.run("--records", "100", "--out", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("music-analytics generate: cannot write " + file
        + ": directory " + file.getParent() + " does not exist");
    assertThat(listing()).isEmpty();
  }

  @Test
  void shouldNameAParentThatIsAFile() throws IOException {
    Path notADirectory = Files.writeString(directory.resolve("notes.txt"), "x");
    Path file = notADirectory.resolve("plays.csv");
    GenerateRun run = GenerateRun.run("--records", "100", "--out", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("music-analytics generate: cannot write " + file
        + ": " + notADirectory + " is not a directory");
    assertThat(listing()).containsExactly("notes.txt");
  }

  @Test
  void shouldRefuseADirectoryAsOutput() throws IOException {
    GenerateRun run = GenerateRun.run("--records", "100", "--out", directory.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("--out " + directory + " is a directory");
    assertThat(listing()).isEmpty();
  }

  @Test
  void shouldReplaceAnExistingFileOnlyWhenDone() throws IOException {
    Path file = Files.writeString(directory.resolve("plays.csv"), "old\n");
    GenerateRun refused = GenerateRun.run("--records", "-1", "--out", file.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(Files.readString(file)).isEqualTo("old\n");

    GenerateRun run = GenerateRun.run("--records", "10", "--out", file.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("Wrote 10 plays (10 users, 20 songs, 20 artists, 7 days "
        + "from 2025-11-05) to " + file);
    assertThat(Files.readAllLines(file)).hasSize(11);
    assertThat(listing()).containsExactly("plays.csv");
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
