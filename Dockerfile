# syntax=docker/dockerfile:1
# One image: the ava-server binary and the built SPA, run as a non-root user.
#
#   docker build -t ava .
#   docker run --rm ava gen-key > ava.key   # once: keep it with the backups
#   docker run -p 3000:3000 -v ava-data:/data -e ENCRYPTION_KEY="$(cat ava.key)" ava
#
# The build does what scripts/build-spa and scripts/run do on a workstation,
# but without the `demo` feature: the fakes of Vapi, Twilio and SMTP are not
# in the production binary, and `serve --demo` refuses to start.

FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN rustup target add wasm32-unknown-unknown
COPY . .
# wasm-bindgen-cli must match the wasm-bindgen of Cargo.lock exactly; build-spa installs it.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    scripts/build-spa \
    && cargo build --locked --release -p ava-server --no-default-features \
    && cp target/release/ava-server /usr/local/bin/ava-server

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ava \
    && mkdir -p /data \
    && chown ava /data
COPY --from=build /usr/local/bin/ava-server /usr/local/bin/ava-server
COPY --from=build /src/dist /app/dist
ENV AVA_ENV=production \
    AVA_ADDR=0.0.0.0:3000 \
    AVA_DATA_DIR=/data \
    AVA_STATIC_DIR=/app/dist \
    RUST_LOG=info
USER ava
VOLUME /data
EXPOSE 3000
ENTRYPOINT ["ava-server"]
CMD ["serve"]
