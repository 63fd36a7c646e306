-- One row per recorded run, and its results in tables keyed by the run id. Portable SQL:
-- the same migration runs on SQLite and PostgreSQL.
CREATE TABLE runs (
  run_id VARCHAR(64) PRIMARY KEY,
  computed_at VARCHAR(40) NOT NULL,
  recorded_at VARCHAR(40) NOT NULL,
  target VARCHAR(32) NOT NULL,
  workflow VARCHAR(32) NOT NULL,
  input_path TEXT NOT NULL,
  input_size_bytes BIGINT,
  input_last_modified VARCHAR(40),
  input_crc32c VARCHAR(8),
  records_read BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  mapreduce_time DOUBLE PRECISION NOT NULL,
  userbehavior_time DOUBLE PRECISION NOT NULL,
  genre_time DOUBLE PRECISION NOT NULL,
  recommendation_time DOUBLE PRECISION NOT NULL,
  total_workflow_time DOUBLE PRECISION NOT NULL,
  record_shards INTEGER NOT NULL,
  user_shards INTEGER NOT NULL,
  song_count INTEGER NOT NULL,
  user_count INTEGER NOT NULL,
  results_json TEXT NOT NULL
);
CREATE INDEX runs_by_time ON runs (computed_at);

CREATE TABLE run_songs (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  song_rank INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  plays BIGINT NOT NULL,
  PRIMARY KEY (run_id, song_rank)
);

CREATE INDEX run_songs_by_key ON run_songs (run_id, song_key);

CREATE TABLE run_genres (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  genre_rank INTEGER NOT NULL,
  genre TEXT NOT NULL,
  plays BIGINT NOT NULL,
  PRIMARY KEY (run_id, genre_rank)
);

CREATE TABLE run_users (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  user_rank INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  total_time BIGINT NOT NULL,
  top_artist TEXT NOT NULL,
  PRIMARY KEY (run_id, user_rank)
);
CREATE INDEX run_users_by_id ON run_users (run_id, user_id);

CREATE TABLE run_top_users (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);

CREATE TABLE run_trending (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);

CREATE TABLE run_recommendations (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  song_key TEXT NOT NULL,
  PRIMARY KEY (run_id, user_id, position)
);

CREATE TABLE run_days (
  run_id VARCHAR(64) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  day VARCHAR(10) NOT NULL,
  plays BIGINT NOT NULL,
  PRIMARY KEY (run_id, day)
);
