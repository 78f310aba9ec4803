# Builds fapiao-server and the fapiao CLI on Debian 12 with Swift 6.
FROM swift:6.1-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends pkg-config libprotobuf-c-dev libssl-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product fapiao-server && swift build -c release --product fapiao

FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libprotobuf-c1 libssl3 libpq5 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
COPY --from=build /src/.build/release/fapiao-server /src/.build/release/fapiao /usr/local/bin/
COPY Migrations /usr/local/share/fapiao/Migrations
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux \
    FAPIAO_MIGRATIONS_DIR=/usr/local/share/fapiao/Migrations \
    FAPIAO_DATA_DIR=/var/lib/fapiao \
    FAPIAO_LISTEN=0.0.0.0:7443
RUN useradd --system --home-dir /var/lib/fapiao --create-home fapiao
USER fapiao
EXPOSE 7443
ENTRYPOINT ["/usr/local/bin/fapiao-server"]
