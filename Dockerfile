# syntax=docker/dockerfile:1
# Segmenter image: every command of ./segmenter (run, train, replay, ...) with the command as argument,
# e.g. `docker run segmenter:local run`. Build: docker build -t segmenter:local .

FROM maven:3.9.16-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds so only changed modules download anything.
RUN --mount=type=cache,target=/root/.m2 \
    MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B --no-transfer-progress -DskipTests package

FROM eclipse-temurin:25.0.3_9-jre
# curl serves the compose health checks (GET /health/live, /health/ready).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system segmenter \
 && useradd --system --gid segmenter --home-dir /app --shell /usr/sbin/nologin segmenter \
 && mkdir -p /app /var/lib/segmenter \
 && chown segmenter:segmenter /var/lib/segmenter
COPY --from=build /src/cli/target/lib /app/lib
COPY --from=build /src/cli/target/segmenter-cli.jar /app/segmenter-cli.jar
USER segmenter
WORKDIR /app
# State stores live in /var/lib/segmenter (mount a volume there); HTTP API and /metrics on 8080 by default.
EXPOSE 8080
# JVM flags go in JAVA_TOOL_OPTIONS (e.g. -XX:MaxRAMPercentage=75); java expands the lib/* wildcard itself.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Dsegmenter.home=/app", \
            "-cp", "/app/lib/*:/app/segmenter-cli.jar", "io.segmenter.cli.SegmenterCli"]
CMD ["--help"]
