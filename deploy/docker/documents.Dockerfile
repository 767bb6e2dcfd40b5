# syntax=docker/dockerfile:1
# documents: build context = repository root.
#   docker build -f deploy/docker/documents.Dockerfile -t resumepair/documents:dev .
# Multi-stage: the SDK image restores and publishes; the runtime image carries only the published output.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first (cached until a project file or the central package versions change).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ResumePair.ServiceDefaults/ResumePair.ServiceDefaults.csproj ResumePair.ServiceDefaults/
COPY contracts/ResumePair.Contracts/ResumePair.Contracts.csproj contracts/ResumePair.Contracts/
COPY services/ResumePair.Documents/ResumePair.Documents.csproj services/ResumePair.Documents/
RUN dotnet restore services/ResumePair.Documents/ResumePair.Documents.csproj
COPY ResumePair.ServiceDefaults/ ResumePair.ServiceDefaults/
COPY contracts/ contracts/
COPY services/ResumePair.Documents/ services/ResumePair.Documents/
RUN dotnet publish services/ResumePair.Documents/ResumePair.Documents.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS final
# curl: the HEALTHCHECK below. Photos are resized in process (NetVips.Native carries libvips).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Same configuration conventions as ResumePair.AppHost (docs/architecture.md); the orchestrator (compose, Kubernetes)
# adds ConnectionStrings__*, services__*__http__*, OTEL_*.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    ResumePair__DataDirectory=/tmp/resumepair
EXPOSE 8080
# The image's non-root "app" user (uid 1654), numeric so Kubernetes' runAsNonRoot can verify it.
USER 1654
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/alive >/dev/null || exit 1
# Migrations: run the same image once with "--migrate" before the service starts (compose: a one-shot
# service; Kubernetes: an initContainer). It applies Migrations/*.sql and exits 0.
ENTRYPOINT ["dotnet", "ResumePair.Documents.dll"]
