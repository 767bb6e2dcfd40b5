# syntax=docker/dockerfile:1
# pdf-renderer: Debian's Chromium driven over its DevTools pipe. Build context = repository root.
#   docker build -f deploy/docker/pdf-renderer.Dockerfile -t resumepair/pdf-renderer:dev .
# .NET 10 ships no Debian runtime images (Ubuntu's chromium is a snap, unusable in a container), so the final
# stage is Debian 12 — the distribution the renderer is developed and tested on — with the ASP.NET runtime
# copied from Microsoft's runtime image.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ResumePair.ServiceDefaults/ResumePair.ServiceDefaults.csproj ResumePair.ServiceDefaults/
COPY contracts/ResumePair.Contracts/ResumePair.Contracts.csproj contracts/ResumePair.Contracts/
COPY libraries/ResumePair.Messaging/ResumePair.Messaging.csproj libraries/ResumePair.Messaging/
COPY libraries/ResumePair.Web/ResumePair.Web.csproj libraries/ResumePair.Web/
COPY services/ResumePair.PdfRenderer/ResumePair.PdfRenderer.csproj services/ResumePair.PdfRenderer/
RUN dotnet restore services/ResumePair.PdfRenderer/ResumePair.PdfRenderer.csproj
COPY ResumePair.ServiceDefaults/ ResumePair.ServiceDefaults/
COPY contracts/ contracts/
COPY libraries/ libraries/
COPY services/ResumePair.PdfRenderer/ services/ResumePair.PdfRenderer/
RUN dotnet publish services/ResumePair.PdfRenderer/ResumePair.PdfRenderer.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS dotnet

FROM debian:bookworm-slim AS final
# chromium: what the renderer launches (Renderer__ExecutablePath; it never downloads a browser). Fonts: exactly the families FontLibrary links
# (scripts/install.sh). No poppler-utils: only the tests read PDFs back. libicu/libssl/zlib: the .NET runtime.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl tzdata libicu72 libssl3 zlib1g \
      chromium fonts-dejavu-core fonts-liberation2 fonts-noto-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --create-home --home-dir /home/app app
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1 \
    Renderer__ExecutablePath=/usr/bin/chromium \
    Renderer__FontDirectory=/usr/share/fonts \
    ResumePair__DataDirectory=/tmp/resumepair \
    HOME=/home/app
EXPOSE 8080
USER 1654
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/alive >/dev/null || exit 1
# No database, no migrations.
ENTRYPOINT ["dotnet", "ResumePair.PdfRenderer.dll"]
