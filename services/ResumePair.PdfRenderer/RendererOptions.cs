namespace ResumePair.PdfRenderer;

/// <summary>Settings of the render worker, from the <c>Renderer</c> configuration section.</summary>
public sealed class RendererOptions
{
    public const string Section = "Renderer";

    /// <summary>The installed Chromium (Debian's); the renderer never downloads a browser.</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Reused pages (each in its own JavaScript-less context). Two per core: printing is CPU-bound, but part
    /// of each render is IPC wait (world-notes: 26 → 31 PDFs/s going from 2 to 4 pages on 2 cores).</summary>
    public int PoolSize { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Upper bound for one render (set content + print). A job's deadline may shorten it.</summary>
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a render may wait for a free page before it counts as a (retryable) timeout.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Outputs outside these bounds are treated as broken renders rather than uploaded.</summary>
    public long MinPdfBytes { get; set; } = 800;
    public long MaxPdfBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Tagged (structured) PDF: better for screen readers and text extraction by ATS parsers.</summary>
    public bool TaggedPdf { get; set; } = true;

    /// <summary>Launch Chromium at startup instead of on the first job, so the first export is not 1 s
    /// slower.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Root of the installed font files (Debian's layout); see <c>Templates/Fonts/FontLibrary</c>.</summary>
    public string FontDirectory { get; set; } = "/usr/share/fonts";

    /// <summary>Chromium is restarted after this many renders: long-lived renderers accumulate caches and
    /// fragmentation.</summary>
    public int RecycleAfterRenders { get; set; } = 5000;

    /// <summary>…or when Chromium's process tree (proportional set size) grows above this, checked every
    /// <see cref="MemoryCheckEveryRenders"/> renders.</summary>
    public long MaxBrowserMemoryMb { get; set; } = 1024;
    public int MemoryCheckEveryRenders { get; set; } = 50;

    /// <summary>Every this many renders of a page, its renderer is told to free memory (0: never): a page's renderer
    /// keeps the garbage of the documents it printed until its heap reaches its collection threshold, which made the
    /// renderers most of the worker's peak memory; the purge costs no measurable CPU (bench/README.md, 2026-12-07
    /// session 10).</summary>
    public int PurgePageEveryRenders { get; set; } = 20;

    /// <summary>How often a running job reports <c>RenderProgressed</c> as a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping host lets in-flight renders finish before they are cancelled (and
    /// redelivered).</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a <c>CancelRender</c> is remembered at most (normally until the attempt's deadline), so a
    /// request that was still queued when the cancel came is dropped on arrival.</summary>
    public TimeSpan CancelledJobMemory { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Profile photos larger than this are left out (the documents service sends them resized).</summary>
    public int MaxPhotoBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>More Chromium switches, space-separated, after the renderer's own (experiments: bench
    /// variants).</summary>
    public string? ExtraArgs { get; set; }

    /// <summary>Where Chromium's profile, config and cache go (<c>chromium-&lt;pid&gt;</c> below it). Defaults to
    /// <c>ResumePair:DataDirectory</c>, then the temp folder.</summary>
    public string? DataDirectory { get; set; }
}
