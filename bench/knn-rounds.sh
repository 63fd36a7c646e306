#!/usr/bin/env bash
# The learned recommender's rounds 2 and 3 on a synthetic partition (bench/knn/Round2Bench.java),
# on the classes ./mvnw -pl functions/recommendation -am compile built.
# Usage: bench/knn-rounds.sh USERS SONGS_PER_USER CATALOG HISTORY_CAP SONG_BUCKETS [JVM flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
protobuf=$(./mvnw -B -q help:evaluate -Dexpression=protobuf.version -DforceStdout 2>/dev/null || echo 4.36.2)
jar=$(find ~/.m2/repository/com/google/protobuf/protobuf-java/"$protobuf" -name "protobuf-java-$protobuf.jar")
cp=functions/recommendation/target/classes:functions/api/target/classes
cp=$cp:functions/counting/target/classes:proto/target/classes:$jar
out=$(mktemp -d)
javac -d "$out" -cp "$cp" bench/knn/Round2Bench.java
args=("${@:1:5}")
exec /usr/bin/time -f "maxRSS=%MKB" java "${@:6}" -cp "$out:$cp" Round2Bench "${args[@]}"
