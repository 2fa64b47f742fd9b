using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace MediaBroker.Diagnostics;

/// <summary>The EventPipe traces the diagnostics server records, each a set of providers (the runtime's own names).</summary>
internal sealed record TraceKind(string Name, string FileName, int DefaultSeconds, IReadOnlyList<EventPipeProvider> Providers)
{
    private const string Runtime = "Microsoft-Windows-DotNETRuntime";

    // Keywords of the runtime provider (documented in the runtime's ClrEtwAll manifest).
    private const long GcKeyword = 0x1;
    private const long LoaderKeyword = 0x8;
    private const long ContentionKeyword = 0x4000;
    private const long ExceptionKeyword = 0x8000;
    private const long ThreadingKeyword = 0x10000;

    // What dotnet-trace's cpu-sampling profile asks of the runtime: JIT, loader and stack events so samples resolve to methods.
    private const long CpuSamplingKeywords = 0x14C14FCCBD;

    /// <summary>CPU samples of every managed thread (Go: /debug/pprof/profile).</summary>
    public static TraceKind Cpu { get; } = new("profile", "mediabroker-cpu.nettrace", 30,
    [
        new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
        new EventPipeProvider(Runtime, EventLevel.Informational, CpuSamplingKeywords),
    ]);

    /// <summary>Runtime events: collections, lock contention, exceptions, thread-pool changes (Go: /debug/pprof/trace).</summary>
    public static TraceKind RuntimeEvents { get; } = new("trace", "mediabroker-runtime.nettrace", 5,
    [
        new EventPipeProvider(Runtime, EventLevel.Informational, GcKeyword | LoaderKeyword | ContentionKeyword | ExceptionKeyword | ThreadingKeyword),
    ]);

    /// <summary>Allocation samples (one event per ~100 KB allocated, with the type) (Go: /debug/pprof/allocs).</summary>
    public static TraceKind Allocations { get; } = new("allocs", "mediabroker-allocs.nettrace", 10,
    [
        new EventPipeProvider(Runtime, EventLevel.Verbose, GcKeyword | LoaderKeyword),
    ]);
}
