package org.musicanalytics.client.generate.internal;

import java.util.List;

/**
 * Artist names: a few real ones first, then made-up names that are all different, and among
 * them, at ranks 30 to 95, names that exercise the CSV and key rules.
 *
 * <p>The awkward names hold commas and double quotes (the CSV writer must quote them), letters
 * outside ASCII (the files are UTF-8), a {@code " - "} like the one inside a play-count key
 * {@code "<artist> - <song_id>"}, and "Drake Bell", which contains "Drake" (the old
 * recommendation rule matched artists as substrings).
 */
public final class ArtistNames {

  /** A name with the genre it always has. */
  record Named(String name, String genre) {}

  /** The most played artists of the repository's sample, with its genres. */
  static final List<Named> WELL_KNOWN = List.of(
      new Named("Drake", "Hip-Hop"), new Named("Taylor Swift", "Pop"),
      new Named("Billie Eilish", "Alternative"), new Named("Bruno Mars", "Funk"),
      new Named("The Weeknd", "R&B"), new Named("Coldplay", "Pop"),
      new Named("Imagine Dragons", "Rock"), new Named("Adele", "Soul"),
      new Named("Ed Sheeran", "Pop"));

  /** Names that need quoting, non-ASCII bytes or care in keys. */
  static final List<Named> AWKWARD = List.of(
      new Named("Drake Bell", "Pop"),
      new Named("Earth, Wind & Fire", "Funk"),
      new Named("\"Weird Al\" Yankovic", "Pop"),
      new Named("Beyoncé", "R&B"),
      new Named("Tyler, the Creator", "Hip-Hop"),
      new Named("Bob Marley - The Wailers", "Reggae"),
      new Named("Sigur Rós", "Alternative"),
      new Named("Mötley Crüe", "Metal"),
      new Named("방탄소년단", "K-Pop"),
      new Named("Rosalía", "Latin"),
      new Named("Aaron \"T-Bone\" Walker, Jr.", "Jazz"),
      new Named("坂本龍一", "Classical"),
      new Named("Crosby, Stills, Nash & Young", "Rock"),
      new Named("Björk", "Electronic"));

  /**
   * Awkward names take every fifth rank from 30 on, low enough to be played in any file of
   * some size, and below the well-known ones so that they seldom own the top songs: together
   * they get a few percent of the plays.
   */
  private static final int AWKWARD_FIRST_RANK = 30;
  private static final int AWKWARD_EVERY = 5;
  /** The rank after the last awkward name. */
  static final int FIXED_RANKS = AWKWARD_FIRST_RANK + AWKWARD_EVERY * (AWKWARD.size() - 1) + 1;

  private static final String[] FIRST = {
      "Ava", "Liam", "Maya", "Noah", "Zoe", "Eli", "Nina", "Owen", "Iris", "Jonah", "Lena",
      "Caleb", "Ruby", "Felix", "Clara", "Milo", "Hazel", "Theo", "Nora", "Jude", "Stella",
      "Ezra", "Ivy", "Silas", "June", "Arlo", "Mae", "Rhys", "Cora", "Dex", "Lila", "Finn",
      "Tess", "Omar", "Vera", "Kai", "Elise", "Hugo", "Nadia", "Reid", "Gwen", "Luca", "Sade",
      "Rafael", "Priya", "Mateo", "Yara", "Idris", "Keiko", "Anton", "Leah", "Marco", "Selin",
      "Tobias", "Amara", "Jasper", "Freya", "Dmitri", "Ines", "Callum", "Noor", "Sami",
      "Talia", "Wren"};
  private static final String[] LAST = {
      "Hart", "Vale", "Moreno", "Quinn", "Okafor", "Lindqvist", "Castillo", "Reyes", "Novak",
      "Sato", "Brennan", "Adler", "Fontaine", "Mercer", "Ashby", "Kovac", "Delgado", "Ellison",
      "Frost", "Garner", "Haddad", "Ibarra", "Jensen", "Kimura", "Lowell", "Marsh", "Nakamura",
      "Orton", "Pryce", "Rowe", "Sinclair", "Thorne", "Underwood", "Varga", "Whitlock",
      "Yilmaz", "Zeller", "Abbott", "Bishop", "Carver", "Dunmore", "Everly", "Fairchild",
      "Galloway", "Holloway", "Ingram", "Jovanovic", "Kessler", "Langford", "Maddox", "Nilsson",
      "Oakley", "Pereira", "Radcliffe", "Stroud", "Tanaka", "Ueda", "Vance", "Wilder", "Xu",
      "Youssef", "Zamora", "Blackwood", "Crane"};
  private static final String[] ADJECTIVE = {
      "Neon", "Velvet", "Silver", "Electric", "Paper", "Golden", "Hollow", "Midnight",
      "Crystal", "Wild", "Quiet", "Broken", "Northern", "Lunar", "Scarlet", "Ivory", "Copper",
      "Static", "Burning", "Frozen", "Gentle", "Restless", "Distant", "Hidden", "Painted",
      "Radiant", "Savage", "Secret", "Solar", "Stray", "Sunken", "Tender", "Violet",
      "Wandering", "Amber", "Cosmic", "Crimson", "Digital", "Dusty", "Emerald", "Faded",
      "Fragile", "Glass", "Heavy", "Honey", "Indigo", "Iron", "Jade", "Lost", "Lucky",
      "Magnetic", "Marble", "Mellow", "Misty", "Modern", "Nomad", "Orange", "Pale", "Phantom",
      "Plastic", "Rusty", "Shadow", "Silent", "Sonic"};
  private static final String[] NOUNS = {
      "Foxes", "Harbors", "Lanterns", "Rivers", "Ghosts", "Wolves", "Tides", "Echoes",
      "Pilots", "Engines", "Gardens", "Comets", "Mirrors", "Satellites", "Bridges", "Owls",
      "Horses", "Sparrows", "Canyons", "Machines", "Parades", "Signals", "Kingdoms",
      "Orchards", "Tigers", "Ravens", "Waves", "Lions", "Islands", "Thieves", "Saints",
      "Sailors", "Dreamers", "Hearts", "Skies", "Flowers", "Rockets", "Shores", "Crowns",
      "Moths", "Arrows", "Giants", "Prophets", "Mountains", "Oceans", "Storms", "Feathers",
      "Embers", "Cities", "Strangers", "Drifters", "Monarchs", "Pines", "Valleys", "Hounds",
      "Bandits", "Windows", "Horizons", "Atlases", "Runners", "Voices", "Anchors", "Cables",
      "Seasons"};
  /** Words after a band name once "The <adjective> <nouns>" are used up. */
  private static final String[] BAND_SUFFIX = {
      "Club", "Collective", "Orchestra", "Trio", "Quartet", "Ensemble", "Project", "Society"};

  private static final int PAIRS = 64 * 64;
  private static final int PERSONS = PAIRS * 27;
  private static final int BANDS = PAIRS * (1 + BAND_SUFFIX.length);

  private ArtistNames() {}

  /** The well-known or awkward artist at popularity rank {@code rank}, or null. */
  static Named fixed(int rank) {
    if (rank < WELL_KNOWN.size()) {
      return WELL_KNOWN.get(rank);
    }
    int after = rank - AWKWARD_FIRST_RANK;
    if (after >= 0 && after % AWKWARD_EVERY == 0 && after / AWKWARD_EVERY < AWKWARD.size()) {
      return AWKWARD.get(after / AWKWARD_EVERY);
    }
    return null;
  }

  /**
   * The {@code index}th made-up name: two persons ("First Last", later "First M. Last") to
   * one band ("The Adjective Nouns", later "Adjective Nouns Club" and so on); past a
   * million names a number in parentheses keeps them apart. No two indices give the same
   * name, and none is a real name above or contains a comma, quote or " - ".
   */
  static String madeUp(int index) {
    int kind = index % 3;
    int within = index / 3;
    if (kind == 2) {
      return numbered(band(within % BANDS), within / BANDS);
    }
    int person = within * 2 + kind;
    return numbered(person(person % PERSONS), person / PERSONS);
  }

  private static String person(int index) {
    int pair = index % PAIRS;
    int middle = index / PAIRS;
    // Walk the pairs diagonally, so that neighbours share neither first nor last name.
    String first = FIRST[pair % 64];
    String last = LAST[(pair / 64 + pair % 64) % 64];
    return middle == 0 ? first + " " + last : first + " " + (char) ('A' + middle - 1) + ". " + last;
  }

  private static String band(int index) {
    int pair = index % PAIRS;
    int cycle = index / PAIRS;
    String adjective = ADJECTIVE[pair % 64];
    String nouns = NOUNS[(pair / 64 + pair % 64) % 64];
    return cycle == 0 ? "The " + adjective + " " + nouns
        : adjective + " " + nouns + " " + BAND_SUFFIX[cycle - 1];
  }

  private static String numbered(String name, int round) {
    return round == 0 ? name : name + " (" + (round + 1) + ")";
  }
}
