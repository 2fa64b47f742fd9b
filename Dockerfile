# Multi-stage build: the SDK compiles and tests nothing here (CI does); the runtime image carries the
# native libraries the broker loads (libsrt for SRT, libsodium for argon2 credentials).
# Run with: docker run --rm -it --network=host mediabroker
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish MediaBroker/MediaBroker.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsrt1.5-openssl libsodium23 ffmpeg \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
COPY mediabroker.yml /mediabroker.yml
WORKDIR /
ENTRYPOINT ["/app/mediabroker", "/mediabroker.yml"]
