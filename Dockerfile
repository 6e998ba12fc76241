# Partnerdesk in a container: build with the Rust toolchain, run on a slim
# Debian with only what the binary links (libssl for TLS to PostgreSQL).
#   docker build -t partnerdesk .
#   docker run -p 8080:8080 -v partnerdesk-data:/data partnerdesk
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY src src
COPY migrations migrations
COPY templates templates
COPY static static
RUN cargo build --release --locked --bin partnerdesk

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home partnerdesk
COPY --from=build /src/target/release/partnerdesk /usr/local/bin/partnerdesk
USER partnerdesk
WORKDIR /data
VOLUME /data
ENV DATABASE_URL=sqlite:///data/partnerdesk.db \
    PARTNERDESK_BIND=0.0.0.0:8080 \
    PARTNERDESK_LOG_FORMAT=json
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/partnerdesk"]
CMD ["serve"]
