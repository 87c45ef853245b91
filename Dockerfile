# Multi-stage build of the runnable console.
#   docker build -t xensv .
#   docker run -p 8080:8080 -v xensv-data:/app/data xensv
# Data (the H2 database, and data/embedded where VMs are suspended on docker stop: give it time,
# docker stop -t 120) lives in the /app/data volume; set SPRING_DATASOURCE_URL,
# SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD to use PostgreSQL instead.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
COPY hypervisor/pom.xml hypervisor/
COPY agent/pom.xml agent/
COPY db-migrations/pom.xml db-migrations/
COPY toolstack/pom.xml toolstack/
COPY webui/pom.xml webui/
RUN mvn -B -q dependency:go-offline -DskipTests || true
COPY . .
RUN mvn -B -q -Pproduction -DskipTests package

FROM eclipse-temurin:25-jre
# qemu-img converts uploaded qcow2 images to raw (docs/operations.md, Storage);
# libvirt0 (and ssh for qemu+ssh://) reach libvirt hosts (docs/libvirt.md)
RUN apt-get update && apt-get install -y --no-install-recommends qemu-utils libvirt0 openssh-client && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app xensv && mkdir -p /app/data && chown -R xensv /app
WORKDIR /app
COPY --from=build /src/webui/target/production/xensv.jar /app/xensv.jar
USER xensv
VOLUME /app/data
EXPOSE 8080
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/xensv.jar"]
