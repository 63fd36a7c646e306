-- The results' tables keep only their primary keys, which rows are written in the order
-- of: the two secondary indexes took each song and each user into a second tree at a
-- place of its own (by key, not by rank), most of what PostgreSQL's COPY of a large run
-- cost, and much of SQLite's insert. The queries that used them now read one run's rows
-- by the primary key's run_id prefix: a run's songs for the ranks of the songs of two
-- runs' tops in one pass (Sql.SONG_RANKS), the users two runs share counted with
-- INTERSECT (Sql.USERS_IN_BOTH), and a single user found among one run's users (Sql.USER).
-- Portable SQL: the same on SQLite and PostgreSQL.
DROP INDEX run_songs_by_key;
DROP INDEX run_users_by_id;
