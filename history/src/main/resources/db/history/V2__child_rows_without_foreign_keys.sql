-- The results' tables without their foreign keys to runs: on PostgreSQL each key checks
-- and locks the run's row once per row written, much of a large run's recording. Every
-- row of a run is written in the run's own transaction right after its row in runs, and
-- only if that row was new (RunWriter), so no row can be without its run. Nothing deletes
-- a run; whatever does must delete its rows from each of these tables itself, in the same
-- transaction, as ON DELETE CASCADE did. Portable SQL: SQLite cannot drop a constraint, so
-- each table is made anew, its rows copied, and the old one dropped.
CREATE TABLE run_songs_v2 (
  run_id VARCHAR(64) NOT NULL,
  song_rank INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  plays BIGINT NOT NULL,
  CONSTRAINT run_songs_by_rank PRIMARY KEY (run_id, song_rank)
);
INSERT INTO run_songs_v2 (run_id, song_rank, song_key, plays)
  SELECT run_id, song_rank, song_key, plays FROM run_songs;
DROP TABLE run_songs;
ALTER TABLE run_songs_v2 RENAME TO run_songs;
CREATE INDEX run_songs_by_key ON run_songs (run_id, song_key);

CREATE TABLE run_genres_v2 (
  run_id VARCHAR(64) NOT NULL,
  genre_rank INTEGER NOT NULL,
  genre TEXT NOT NULL,
  plays BIGINT NOT NULL,
  CONSTRAINT run_genres_by_rank PRIMARY KEY (run_id, genre_rank)
);
INSERT INTO run_genres_v2 (run_id, genre_rank, genre, plays)
  SELECT run_id, genre_rank, genre, plays FROM run_genres;
DROP TABLE run_genres;
ALTER TABLE run_genres_v2 RENAME TO run_genres;

CREATE TABLE run_users_v2 (
  run_id VARCHAR(64) NOT NULL,
  user_rank INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  total_time BIGINT NOT NULL,
  top_artist TEXT NOT NULL,
  CONSTRAINT run_users_by_rank PRIMARY KEY (run_id, user_rank)
);
INSERT INTO run_users_v2 (run_id, user_rank, user_id, total_time, top_artist)
  SELECT run_id, user_rank, user_id, total_time, top_artist FROM run_users;
DROP TABLE run_users;
ALTER TABLE run_users_v2 RENAME TO run_users;
CREATE INDEX run_users_by_id ON run_users (run_id, user_id);

CREATE TABLE run_top_users_v2 (
  run_id VARCHAR(64) NOT NULL,
  position INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  CONSTRAINT run_top_users_by_position PRIMARY KEY (run_id, position)
);
INSERT INTO run_top_users_v2 (run_id, position, user_id)
  SELECT run_id, position, user_id FROM run_top_users;
DROP TABLE run_top_users;
ALTER TABLE run_top_users_v2 RENAME TO run_top_users;

CREATE TABLE run_trending_v2 (
  run_id VARCHAR(64) NOT NULL,
  position INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  CONSTRAINT run_trending_by_position PRIMARY KEY (run_id, position)
);
INSERT INTO run_trending_v2 (run_id, position, song_key)
  SELECT run_id, position, song_key FROM run_trending;
DROP TABLE run_trending;
ALTER TABLE run_trending_v2 RENAME TO run_trending;

CREATE TABLE run_recommendations_v2 (
  run_id VARCHAR(64) NOT NULL,
  user_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  CONSTRAINT run_recommendations_by_user PRIMARY KEY (run_id, user_id, position)
);
INSERT INTO run_recommendations_v2 (run_id, user_id, position, song_key)
  SELECT run_id, user_id, position, song_key FROM run_recommendations;
DROP TABLE run_recommendations;
ALTER TABLE run_recommendations_v2 RENAME TO run_recommendations;

CREATE TABLE run_days_v2 (
  run_id VARCHAR(64) NOT NULL,
  day VARCHAR(10) NOT NULL,
  plays BIGINT NOT NULL,
  CONSTRAINT run_days_by_day PRIMARY KEY (run_id, day)
);
INSERT INTO run_days_v2 (run_id, day, plays)
  SELECT run_id, day, plays FROM run_days;
DROP TABLE run_days;
ALTER TABLE run_days_v2 RENAME TO run_days;
