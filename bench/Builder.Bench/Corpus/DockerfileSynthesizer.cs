using System.Text;

namespace Builder.Bench.Corpus;

/// <summary>
/// Writes realistic multi-stage Dockerfiles of a few kilobytes: a directive header, meta ARGs,
/// build and runtime stages with long <c>RUN ... &amp;&amp; \</c> continuations (with comments inside),
/// <c>RUN --mount</c>, here-documents, ENV and LABEL lists, COPY with flags, JSON CMD/ENTRYPOINT
/// and HEALTHCHECK. A fixed seed gives the same files on every machine and .NET version (the
/// generator is a SplitMix64, not <see cref="Random"/>).
/// </summary>
internal sealed class DockerfileSynthesizer
{
    private static readonly string[] Stacks = ["go", "node", "python", "java", "rust", "dotnet"];

    private static readonly string[] BuildImages =
    [
        "golang:1.22-bookworm", "node:20-bookworm-slim", "python:3.12-slim-bookworm",
        "eclipse-temurin:21-jdk-jammy", "rust:1.79-slim-bookworm", "mcr.microsoft.com/dotnet/sdk:8.0",
    ];

    private static readonly string[] RuntimeImages =
    [
        "gcr.io/distroless/static-debian12:nonroot", "node:20-bookworm-slim", "python:3.12-slim-bookworm",
        "eclipse-temurin:21-jre-jammy", "debian:bookworm-slim", "mcr.microsoft.com/dotnet/aspnet:8.0",
    ];

    private static readonly string[] Packages =
    [
        "ca-certificates", "curl", "git", "build-essential", "pkg-config", "libssl-dev", "openssh-client",
        "tzdata", "unzip", "xz-utils", "gnupg", "jq", "less", "procps", "netcat-openbsd", "libpq-dev",
        "libffi-dev", "zlib1g-dev", "libxml2-dev", "libjpeg62-turbo-dev", "locales", "tini", "gosu",
        "dumb-init", "file", "patch", "make", "cmake", "ninja-build", "python3-venv", "rsync", "wget",
    ];

    private static readonly string[] Words =
    [
        "api", "worker", "gateway", "billing", "search", "auth", "ingest", "reports", "scheduler",
        "notifier", "catalog", "ledger", "media", "export", "sync", "proxy", "metrics", "admin",
    ];

    private static readonly string[] Comments =
    [
        "Keep the layer small: clean the package lists in the same RUN.",
        "Pinned because the latest release breaks the TLS handshake with the old proxy.",
        "Dependencies first, so that a source change does not invalidate this layer.",
        "TODO(platform): move to the shared base image once it ships arm64.",
        "Run as an unprivileged user; the uid matches the volume ownership in production.",
        "Cache mounts survive between builds but never end up in the image.",
    ];

    private ulong _state;

    public DockerfileSynthesizer(ulong seed) => _state = seed;

    public string Next()
    {
        var w = new StringBuilder(8192);
        int stack = Int(Stacks.Length);
        string service = Pick(Words) + "-" + Pick(Words);
        bool backtick = Int(20) == 0; // a few Windows-style files use the backtick escape
        char esc = backtick ? '`' : '\\';

        if (backtick)
        {
            w.Append("# escape=`\n");
        }
        else if (Int(10) < 7)
        {
            w.Append("# syntax=docker/dockerfile:1.").Append(4 + Int(4)).Append('\n');
        }

        w.Append("# ").Append(service).Append(": ").Append(Pick(Comments)).Append("\n\n");
        w.Append("ARG BASE_REGISTRY=registry.example.com/mirror\n");
        w.Append("ARG VERSION=").Append(Int(5)).Append('.').Append(Int(20)).Append('.').Append(Int(100)).Append('\n');
        w.Append("ARG TARGETOS TARGETARCH\n\n");

        int buildStages = 1 + Int(3);
        for (int s = 0; s < buildStages; s++)
        {
            BuildStage(w, stack, service, s, esc);
        }

        RuntimeStage(w, stack, service, buildStages, esc);
        return w.ToString();
    }

    private void BuildStage(StringBuilder w, int stack, string service, int index, char esc)
    {
        string name = index == 0 ? "deps" : "build" + index;
        w.Append("FROM --platform=$BUILDPLATFORM ${BASE_REGISTRY}/").Append(BuildImages[stack]).Append(" AS ").Append(name).Append('\n');
        w.Append("WORKDIR /src/").Append(service).Append('\n');
        EnvList(w, esc);
        if (Int(2) == 0)
        {
            w.Append("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
        }

        AptInstall(w, esc);
        w.Append('\n');
        w.Append("COPY --link ").Append(ManifestFiles(stack)).Append(" ./\n");
        w.Append("RUN --mount=type=cache,target=/root/.cache,sharing=locked ").Append(esc).Append('\n');
        w.Append("    --mount=type=secret,id=netrc,target=/root/.netrc,required=false ").Append(esc).Append('\n');
        w.Append("    --mount=type=bind,source=.,target=/src/").Append(service).Append("/vendor,rw ").Append(esc).Append('\n');
        w.Append("    ").Append(DownloadCommand(stack)).Append('\n');
        w.Append("COPY --chown=1000:1000 --chmod=0644 src/ ./src/\n");
        w.Append("COPY --exclude=*.md --exclude=**/testdata --parents ./cmd/*/main.* ./\n");
        if (Int(3) > 0)
        {
            HeredocScript(w);
        }

        RunChain(w, esc, 3 + Int(10));
        if (Int(4) == 0)
        {
            w.Append("ONBUILD COPY --chown=app:app . /src/").Append(service).Append('\n');
            w.Append("ONBUILD RUN make -C /src/").Append(service).Append(" generate\n");
        }

        w.Append('\n');
    }

    private void RuntimeStage(StringBuilder w, int stack, string service, int buildStages, char esc)
    {
        w.Append("FROM ${BASE_REGISTRY}/").Append(RuntimeImages[stack]).Append(" AS runtime\n");
        w.Append("ARG VERSION\n");
        LabelList(w, service, esc);
        EnvList(w, esc);
        if (Int(2) == 0)
        {
            AptInstall(w, esc);
        }

        w.Append("RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app\n");
        for (int s = 1; s < buildStages; s++)
        {
            w.Append("COPY --from=build").Append(s).Append(" --chown=10001:10001 --link /src/").Append(service)
                .Append("/out/ /app/").Append(Pick(Words)).Append("/\n");
        }

        w.Append("COPY --from=deps --chmod=0755 /usr/local/bin/").Append(service).Append(" /usr/local/bin/").Append(service).Append('\n');
        w.Append("COPY <<EOF /etc/").Append(service).Append("/config.yaml\n");
        w.Append("listen: 0.0.0.0:").Append(8000 + Int(1000)).Append('\n');
        w.Append("log_level: ${LOG_LEVEL:-info}\n");
        w.Append("upstreams:\n");
        for (int i = 0, n = 2 + Int(6); i < n; i++)
        {
            w.Append("  - name: ").Append(Pick(Words)).Append("\n    url: http://").Append(Pick(Words)).Append(".svc.cluster.local:").Append(8000 + Int(1000)).Append('\n');
        }

        w.Append("EOF\n\n");
        w.Append("# ").Append(Pick(Comments)).Append('\n');
        w.Append("USER 10001:10001\n");
        w.Append("WORKDIR /app\n");
        w.Append("VOLUME [\"/var/lib/").Append(service).Append("\", \"/tmp\"]\n");
        w.Append("EXPOSE ").Append(8000 + Int(1000)).Append(" 9090/tcp ").Append(5000 + Int(100)).Append("/udp\n");
        w.Append("STOPSIGNAL SIGTERM\n");
        w.Append("HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 ").Append(esc).Append('\n');
        w.Append("    CMD [\"/usr/local/bin/").Append(service).Append("\", \"healthcheck\", \"--url\", \"http://127.0.0.1:8080/healthz\"]\n");
        w.Append("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"/usr/local/bin/").Append(service).Append("\"]\n");
        w.Append("CMD [\"serve\", \"--config\", \"/etc/").Append(service).Append("/config.yaml\", \"--log-format=json\"]\n");
    }

    private void EnvList(StringBuilder w, char esc)
    {
        int n = 2 + Int(6);
        w.Append("ENV ");
        for (int i = 0; i < n; i++)
        {
            w.Append(i == 0 ? string.Empty : "    ");
            w.Append(Pick(Words).ToUpperInvariant()).Append('_').Append(Pick(Words).ToUpperInvariant()).Append('=');
            switch (Int(4))
            {
                case 0: w.Append("\"").Append(Pick(Words)).Append(' ').Append(Pick(Words)).Append("\""); break;
                case 1: w.Append("/opt/").Append(Pick(Words)).Append("/bin:$PATH"); break;
                case 2: w.Append(Int(100000)); break;
                default: w.Append(Pick(Words)); break;
            }

            w.Append(i + 1 < n ? " " + esc + "\n" : "\n");
        }
    }

    private void LabelList(StringBuilder w, string service, char esc)
    {
        w.Append("LABEL org.opencontainers.image.title=\"").Append(service).Append("\" ").Append(esc).Append('\n');
        w.Append("      org.opencontainers.image.version=\"${VERSION}\" ").Append(esc).Append('\n');
        w.Append("      org.opencontainers.image.source=\"https://git.example.com/platform/").Append(service).Append("\" ").Append(esc).Append('\n');
        w.Append("      org.opencontainers.image.licenses=\"Apache-2.0\" ").Append(esc).Append('\n');
        w.Append("      com.example.team=").Append(Pick(Words)).Append(" com.example.tier=backend\n");
    }

    private void AptInstall(StringBuilder w, char esc)
    {
        w.Append("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked ").Append(esc).Append('\n');
        w.Append("    --mount=type=cache,target=/var/lib/apt,sharing=locked ").Append(esc).Append('\n');
        w.Append("    apt-get update ").Append(esc).Append('\n');
        w.Append("    && apt-get install -y --no-install-recommends ").Append(esc).Append('\n');
        int n = 5 + Int(20);
        for (int i = 0; i < n; i++)
        {
            if (Int(12) == 0)
            {
                w.Append("        # ").Append(Pick(Comments)).Append('\n');
            }

            w.Append("        ").Append(Pick(Packages));
            if (Int(5) == 0)
            {
                w.Append('=').Append(Int(10)).Append('.').Append(Int(30)).Append('-').Append(1 + Int(5));
            }

            w.Append(' ').Append(esc).Append('\n');
        }

        w.Append("    && rm -rf /var/lib/apt/lists/*\n");
    }

    private void RunChain(StringBuilder w, char esc, int steps)
    {
        w.Append("RUN set -eux; ").Append(esc).Append('\n');
        for (int i = 0; i < steps; i++)
        {
            string word = Pick(Words);
            string line = Int(6) switch
            {
                0 => $"mkdir -p /out/{word} /var/log/{word}",
                1 => $"curl -fsSL \"https://downloads.example.com/{word}/v${{VERSION}}/{word}-${{TARGETOS}}-${{TARGETARCH}}.tar.gz\" | tar -xz -C /usr/local/bin",
                2 => $"echo \"{word} built at $(date -u +%Y-%m-%dT%H:%M:%SZ)\" > /out/{word}.txt",
                3 => $"make -j\"$(nproc)\" {word} OUT=/out/{word} CFLAGS='-O2 -pipe'",
                4 => $"sha256sum /out/{word}* | tee /out/{word}.sha256",
                _ => $"chmod 0755 /usr/local/bin/{word} && ln -sf /usr/local/bin/{word} /usr/bin/{word}",
            };
            w.Append("    ").Append(line).Append(i + 1 < steps ? " && " + esc + "\n" : "\n");
        }
    }

    private void HeredocScript(StringBuilder w)
    {
        bool chomp = Int(3) == 0;
        bool quoted = Int(2) == 0;
        string tag = quoted ? "'SCRIPT'" : "SCRIPT";
        w.Append("RUN --mount=type=cache,target=/root/.cache bash -eu").Append(chomp ? " <<-" : " <<").Append(tag).Append('\n');
        string indent = chomp ? "\t" : string.Empty;
        for (int i = 0, n = 4 + Int(14); i < n; i++)
        {
            string word = Pick(Words);
            string line = Int(5) switch
            {
                0 => $"if [ -f /src/{word}/Makefile ]; then make -C /src/{word} install; fi",
                1 => $"for f in /src/{word}/*.sh; do sh -n \"$f\"; done",
                2 => $"export {word.ToUpperInvariant()}_HOME=/opt/{word}",
                3 => $"echo \"${{VERSION}}\" > /opt/{word}/VERSION",
                _ => $"install -d -m 0755 /opt/{word}/bin /opt/{word}/conf",
            };
            w.Append(indent).Append(line).Append('\n');
        }

        w.Append(indent).Append("SCRIPT\n");
    }

    private static string ManifestFiles(int stack) => stack switch
    {
        0 => "go.mod go.sum",
        1 => "package.json package-lock.json .npmrc",
        2 => "pyproject.toml poetry.lock",
        3 => "pom.xml mvnw .mvn/",
        4 => "Cargo.toml Cargo.lock",
        _ => "*.sln Directory.Packages.props",
    };

    private static string DownloadCommand(int stack) => stack switch
    {
        0 => "go mod download && go build -trimpath -ldflags=\"-s -w -X main.version=${VERSION}\" -o /out/app ./cmd/...",
        1 => "npm ci --omit=dev --no-audit --no-fund && npm run build -- --mode=production",
        2 => "pip install --no-cache-dir poetry==1.8.3 && poetry export -f requirements.txt | pip install -r /dev/stdin",
        3 => "./mvnw -B -q dependency:go-offline && ./mvnw -B -q package -DskipTests",
        4 => "cargo fetch --locked && cargo build --release --locked --target-dir /out",
        _ => "dotnet restore --locked-mode && dotnet publish -c Release -o /out --no-restore",
    };

    private string Pick(string[] items) => items[Int(items.Length)];

    private int Int(int bound) => (int)(NextUInt64() % (ulong)bound);

    // SplitMix64: tiny, fast and fully specified, so the corpus never changes under our feet.
    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
