# The engine application (deploy/engine: Operaton 1.0.3 in Spring Boot, REST API and web apps).
# Build from the repository root:
#   docker build -f deploy/containers/engine.Dockerfile -t anquan-engine .
# Ignore rules: engine.Dockerfile.dockerignore beside this file (BuildKit reads it instead of a
# .dockerignore at the root), so only the engine's sources and the two scripts are sent.
#
# Configuration comes from the environment only (deploy/engine/src/main/resources/application.yaml
# names every key): SPRING_DATASOURCE_URL / _USERNAME / _PASSWORD choose PostgreSQL,
# ANQUAN_USER_TOKEN_SECRET is shared with the workbench, OPERATON_BPM_ADMINUSER_ID / _PASSWORD
# replace the local demo admin. Secrets may also come as files /run/secrets/<VARIABLE> (secrets-env.sh).
# Nothing secret is baked into the image.

# ---- build: Maven with Java 17 (the app is compiled for release 17) ----
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY deploy/engine/pom.xml deploy/engine/pom.xml
# Dependencies first, so a source change does not download them again; the cache mount keeps
# Maven's repository between builds (about 110 MB on the first one).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -f deploy/engine/pom.xml dependency:go-offline
COPY deploy/engine/src deploy/engine/src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -f deploy/engine/pom.xml package -DskipTests \
 && cp deploy/engine/target/anquan-engine.jar /build/anquan-engine.jar

# ---- runtime: JRE 17 only ----
FROM eclipse-temurin:17.0.15_6-jre-noble
RUN groupadd --system --gid 10001 anquan \
 && useradd --system --uid 10001 --gid anquan --home-dir /app --no-create-home --shell /usr/sbin/nologin anquan \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
WORKDIR /app
COPY --chmod=0755 deploy/containers/secrets-env.sh /usr/local/bin/secrets-env
COPY --chmod=0755 deploy/containers/http-probe.sh /usr/local/bin/http-probe
COPY --from=build /build/anquan-engine.jar /app/anquan-engine.jar

# JVM flags of the local launcher (deploy/local/engine.ts), with the heap sized from the container's
# memory limit instead of a fixed -Xmx: 55 % of it for the heap, the rest for metaspace (capped),
# threads and buffers; a 768 MiB limit gives about 420 MiB of heap. Override the whole variable to tune.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=55 -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8" \
    ANQUAN_DATADIR=/app/data

USER 10001:10001
EXPOSE 8080
# Ready = Spring's readiness group (the engine and its database answer); Docker Compose waits for it.
HEALTHCHECK --interval=15s --timeout=6s --start-period=180s --retries=4 \
  CMD http-probe "${SERVER_PORT:-8080}" /actuator/health/readiness
STOPSIGNAL SIGTERM
ENTRYPOINT ["secrets-env"]
CMD ["java", "-jar", "/app/anquan-engine.jar"]
