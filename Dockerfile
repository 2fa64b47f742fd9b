# The image carries the same self-contained single file as the README's download (docs/deploy.md), built for the
# image's architecture (linux/amd64 or linux/arm64), plus the native libraries the broker loads: libsrt for SRT and
# libsodium for argon2 credentials; ffmpeg for runOn* commands that call it.
# Build: docker build -t mediabroker .      Run: docker run --rm -it --network=host mediabroker
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN case "$TARGETARCH" in arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac \
 && dotnet publish MediaBroker/MediaBroker.csproj -c Release -r "$rid" -p:PublishSingleFile=true -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsrt1.5-openssl libsodium23 ffmpeg \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/mediabroker /mediabroker
COPY mediabroker.yml /mediabroker.yml
WORKDIR /
ENTRYPOINT ["/mediabroker"]
CMD ["/mediabroker.yml"]
