# syntax=docker/dockerfile:1
# gateway (YARP) with the web app in its wwwroot: build context = repository root.
#   docker build -f deploy/docker/gateway.Dockerfile -t resumepair/gateway:dev .
ARG DOTNET_VERSION=10.0
ARG NODE_VERSION=22

# 1. The web app (gateway/web): Vite writes it to ../ResumePair.Gateway/wwwroot (see vite.config.ts).
FROM node:${NODE_VERSION}-bookworm-slim AS web
WORKDIR /src/gateway/web
COPY gateway/web/package.json gateway/web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY gateway/web/ ./
RUN mkdir -p ../ResumePair.Gateway/wwwroot && npm run build

# 2. The gateway itself.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ResumePair.ServiceDefaults/ResumePair.ServiceDefaults.csproj ResumePair.ServiceDefaults/
COPY contracts/ResumePair.Contracts/ResumePair.Contracts.csproj contracts/ResumePair.Contracts/
COPY libraries/ResumePair.Web/ResumePair.Web.csproj libraries/ResumePair.Web/
COPY gateway/ResumePair.Gateway/ResumePair.Gateway.csproj gateway/ResumePair.Gateway/
RUN dotnet restore gateway/ResumePair.Gateway/ResumePair.Gateway.csproj
COPY ResumePair.ServiceDefaults/ ResumePair.ServiceDefaults/
COPY contracts/ contracts/
COPY libraries/ libraries/
COPY gateway/ResumePair.Gateway/ gateway/ResumePair.Gateway/
COPY --from=web /src/gateway/ResumePair.Gateway/wwwroot/ gateway/ResumePair.Gateway/wwwroot/
RUN dotnet publish gateway/ResumePair.Gateway/ResumePair.Gateway.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
# curl: the HEALTHCHECK below.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 \
    ResumePair__DataDirectory=/tmp/resumepair
EXPOSE 8080
# The image's non-root "app" user (uid 1654), numeric so Kubernetes' runAsNonRoot can verify it.
USER 1654
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/alive >/dev/null || exit 1
# No database, no migrations.
ENTRYPOINT ["dotnet", "ResumePair.Gateway.dll"]
